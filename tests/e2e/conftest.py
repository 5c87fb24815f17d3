"""Browser tests: Debian's Chromium driven by Playwright against the live test server.

Use ``browser_page("phone")`` or ``browser_page("desktop")`` for a page, and
``login_as(page, live_server, user)`` to log in through the real login form.
"""

import os

import pytest

pytestmark = pytest.mark.e2e


VIEWPORTS = {
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
    "desktop": {"viewport": {"width": 1366, "height": 900}},
}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from the
    # test body are still synchronous and safe here.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    executable = os.environ.get("WENMING_CHROMIUM", "/usr/bin/chromium")
    if not os.path.exists(executable):
        if os.environ.get("CI") == "true":
            pytest.fail(f"Chromium not found at {executable}")
        pytest.skip(f"Chromium not found at {executable}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium):
    contexts = []

    def _page(size: str = "desktop"):
        context = chromium.new_context(
            locale="zh-CN", timezone_id="Asia/Shanghai", **VIEWPORTS[size]
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield _page
    for context in contexts:
        context.close()


@pytest.fixture
def login_as(password):
    def _login(page, live_server, user):
        page.goto(f"{live_server.url}/login/")
        page.get_by_test_id("login-username").fill(user.username)
        page.get_by_test_id("login-password").fill(password)
        page.get_by_test_id("login-submit").click()
        page.wait_for_load_state()
        return page

    return _login
