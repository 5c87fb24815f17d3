"""What a picture on the page really shows, asked once it has loaded."""

# Resolves with the picture's decoded width once it has loaded (0 if it failed to), so a test
# never reads an image that is still on its way: `complete` is false until then.
_LOADED_WIDTH = """img => img.complete ? img.naturalWidth : new Promise(resolve => {
    img.addEventListener("load", () => resolve(img.naturalWidth), {once: true});
    img.addEventListener("error", () => resolve(0), {once: true});
})"""


def loaded_width(locator) -> int:
    """The natural width of the one <img> ``locator`` finds, after it has loaded."""
    return locator.evaluate(_LOADED_WIDTH)
