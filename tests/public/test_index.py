"""/public/ is the citizen's front door: every public channel is one tap away, no login."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_the_front_door_lists_every_public_channel_and_each_opens(client):
    page = client.get("/public/")
    assert page.status_code == 200
    html = page.content.decode()
    for title in ("文明随手拍", "查询办理进度", "推荐身边好人", "群众点单", "问卷调查"):
        assert title in html
    links = re.findall(r'href="(/public/[^"]+)"', html)
    assert len(links) >= 9
    for link in links:
        assert client.get(link).status_code == 200, link


def test_the_front_door_shows_no_emoji_a_pc_without_an_emoji_font_prints_as_boxes(client):
    html = client.get("/public/").content.decode()
    assert not re.search("[\U0001f000-\U0001ffff]", html)
