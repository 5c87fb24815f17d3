from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wenming.privacy import (
    FULL_ID_PATTERN,
    FULL_MOBILE_PATTERN,
    check_character,
    mask_id_number,
    mask_name,
    mask_phone,
    normalise_phone,
    validate_id_number,
)

# A well-known specimen number (GB 11643's example): born 1949-12-31, female.
SPECIMEN = "11010519491231002X"


def test_a_valid_number_gives_birth_date_and_sex():
    person = validate_id_number(SPECIMEN)
    assert person.birth_date == date(1949, 12, 31)
    assert person.sex == "female"


def test_full_width_digits_and_lowercase_x_are_accepted():
    assert validate_id_number("１１０１０５１９４９１２３１００２ｘ").number == SPECIMEN


@pytest.mark.parametrize(
    "value, message",
    [
        ("110105194912310021", "校验位"),
        ("11010519491331002X", "出生日期"),
        ("1101051949123100", "18位"),
        ("", "18位"),
    ],
)
def test_bad_numbers_say_what_is_wrong(value, message):
    with pytest.raises(ValueError, match=message):
        validate_id_number(value)


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_the_check_character_is_the_only_one_accepted(first17):
    good = first17 + check_character(first17)
    for char in "0123456789X":
        candidate = first17 + char
        try:
            validate_id_number(candidate)
        except ValueError as error:
            assert char != good[-1] or "出生日期" in str(error)


def test_masks():
    assert mask_phone("13800138000") == "138****8000"
    assert mask_phone("138 0013 8000") == "138****8000"
    assert mask_id_number(SPECIMEN) == "110105********002X"
    assert mask_name("欧阳娜娜") == "欧***"
    assert mask_phone("") == mask_id_number(None) == ""


def test_masked_values_no_longer_match_the_leak_patterns():
    assert FULL_MOBILE_PATTERN.search("电话 13800138000")
    assert not FULL_MOBILE_PATTERN.search(mask_phone("13800138000"))
    assert FULL_ID_PATTERN.search(f"身份证{SPECIMEN}。")
    assert not FULL_ID_PATTERN.search(mask_id_number(SPECIMEN))


@pytest.mark.parametrize("typed", ["13800138000", "+86 138-0013-8000", "１３８００１３８０００"])
def test_phone_numbers_are_normalised(typed):
    assert normalise_phone(typed) == "13800138000"


def test_a_landline_is_not_a_mobile():
    with pytest.raises(ValueError, match="11位"):
        normalise_phone("0554-6661234")
