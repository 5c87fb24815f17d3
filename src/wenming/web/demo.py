"""The demo city (淮南市), loaded app by app in dependency order; web sits above every app, so the
hand-offs between them (the inspection sites where the demo's cases happen) are made here."""

from __future__ import annotations

from wenming.cases import demo as case_demo
from wenming.community import demo as community_demo
from wenming.framework import demo as framework_demo
from wenming.honors import demo as honor_demo
from wenming.inspections import demo as inspection_demo
from wenming.materials import demo as material_demo
from wenming.participation import demo as participation_demo
from wenming.regions.demo import load_demo_organisation
from wenming.scoring import demo as scoring_demo
from wenming.surveys import demo as survey_demo
from wenming.volunteers import demo as volunteer_demo
from wenming.welfare import demo as welfare_demo


def load_demo_city() -> dict[str, dict[str, int]]:
    """Every app's demo data, each loader idempotent; returns each app's counts."""
    loaded = {"organisation": load_demo_organisation(), "framework": framework_demo.load_demo()}
    loaded["surveys"] = survey_demo.load_demo()
    loaded["materials"] = material_demo.load_demo()
    loaded["inspections"] = inspection_demo.load_demo()
    loaded["cases"] = case_demo.load_demo(places=inspection_demo.case_places())
    loaded["scoring"] = scoring_demo.load_demo()
    loaded["welfare"] = welfare_demo.load_demo()
    loaded["community"] = community_demo.load_demo()
    loaded["participation"] = participation_demo.load_demo(places=inspection_demo.case_places())
    loaded["volunteers"] = volunteer_demo.load_demo()
    loaded["honors"] = honor_demo.load_demo()
    return loaded
