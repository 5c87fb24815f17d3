"""Region codes: one definition of the regions above a code, for dispatch rules and scoring."""

from wenming.regions.models import ancestor_codes


def test_a_community_code_lists_itself_then_every_region_above_it():
    assert ancestor_codes("340403001001") == [
        "340403001001",
        "340403001000",
        "340403000000",
        "340400000000",
        "340000000000",
    ]


def test_a_district_code_lists_the_city_and_province_above_it():
    assert ancestor_codes("340403000000") == ["340403000000", "340400000000", "340000000000"]
    assert ancestor_codes("340000000000") == ["340000000000"]
