"""Pages of the community standard, one module per part: the city table and a community's page,
its ledger (entered on a phone) and monthly book, plans, pairings and the monthly ranking.
Thin: parse, call a service or selector, render; urls.py routes to the modules."""
