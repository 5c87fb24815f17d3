"""Writes of the volunteer service, one module per sub-concept: the practice network, teams and
volunteers (with their xlsx import), activities and service hours, certificates, demands."""
