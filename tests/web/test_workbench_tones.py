"""A 工作台 card's colour follows its count in one place (cards.Card): the tone it is given while
it counts something, grey (or the good news it names) at 0."""

from wenming.web.workbench.cards import Card


def test_a_card_reads_its_tone_while_it_counts_something_and_grey_at_zero():
    assert Card("overdue", "已逾期", 2, "/cases/", "danger").tone == "danger"
    assert Card("overdue", "已逾期", 0, "/cases/", "danger").tone == "secondary"


def test_a_card_whose_zero_is_good_news_says_so():
    behind = Card("behind", "本月活动未达标的社区", 0, "/community/", "warning", idle="success")
    assert behind.tone == "success"
