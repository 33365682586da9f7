"""The built documentation site in a real browser (``make docs-check``, after ``make docs``).

Serves ``docs/_build/html`` over HTTP on a free local port (search needs HTTP: its index is a
script the page loads, which ``file://`` pages may not) and drives headless Chromium through
selenium. Fails (exit status 1, every failure listed) when

- an image of a page does not load (every ``<img>`` of every page, ``naturalWidth > 0`` once
  the page has loaded), or the page itself answers with an HTTP error;
- a page logs a JavaScript error, or a resource it asks for fails (the browser's log at level
  SEVERE; the browser's own request for ``/favicon.ico`` excepted, the site has none);
- the search page finds nothing for a function's name, or not that function's API page;
- the API page of a function of ``atrous.plot`` has no figure;
- the header wraps onto two lines in a window 1280 pixels wide (too many or too long links).

Saves screenshots of the landing page, an API page, a notebook and the gallery in
``docs/_build/screenshots/`` for a person to look at. ``python tests/docs_check.py DIR``
checks the site built in DIR instead (screenshots in DIR/../screenshots).

Needs ``chromium`` and ``chromedriver`` on the PATH (Debian's ``chromium`` and
``chromium-driver``; the make target installs them) and selenium (the ``docs`` extra). A script, not
a test module: pytest collects tests from ``test_*.py`` only (its ``--doctest-modules`` imports
this file and finds no doctest).
"""

import functools
import http.server
import pathlib
import shutil
import sys
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
HTML = ROOT / "docs" / "_build" / "html"
SHOTS = ROOT / "docs" / "_build" / "screenshots"

# Names whose API page the search must find (each typed into the search box of the site).
SEARCHES = ["swt", "iswt", "modwt", "starlet_denoise", "plot_mra", "hurst_exponent"]

# Pages to photograph: (file name of the screenshot, page, height of the shot in pixels, and
# the element to scroll to, if not the top of the page).
SCREENSHOTS = [
    ("landing.png", "index.html", 1600, None),
    ("api_swt.png", "reference/generated/atrous.swt.html", 1600, None),
    ("api_plot_mra.png", "reference/generated/atrous.plot.plot_mra.html", 1200,
     "p.rubric"),  # its Examples and the figure they draw
    ("notebook.png", None, 2400, None),  # the first notebook page with a figure
    ("gallery.png", "gallery.html", 1600, None),
]

# The API pages of atrous.plot show the figure their Example draws.
PLOT_PAGES = "reference/generated/atrous.plot."

# Folders of the build that hold no pages of the site.
NOT_PAGES = {"_static", "_sources", "_images", "_downloads", ".doctrees", "plot_directive"}

LOAD_TIMEOUT = 30  # seconds for a page, its images and its search results


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # one line per request would bury the summary
        pass


def serve(directory):
    """A thread serving ``directory`` on a free port of localhost; returns (server, base URL)."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def browser():
    """Headless Chromium with its console log readable (``get_log('browser')``)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if chromium is None or driver is None:
        sys.exit("docs-check needs chromium and chromedriver on the PATH (Debian: apt-get "
                 "install chromium chromium-driver; `make docs-check` does it)")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--disable-gpu", "--hide-scrollbars", "--window-size=1280,1000",
                     "--disable-extensions", "--no-first-run"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # The driver given explicitly: selenium's manager would otherwise look for one online.
    return webdriver.Chrome(service=Service(executable_path=driver), options=options)


def pages(html):
    """Every HTML page of the site in ``html``, as paths relative to it, sorted."""
    found = []
    for path in html.rglob("*.html"):
        relative = path.relative_to(html)
        if not NOT_PAGES.intersection(relative.parts[:-1]):
            found.append(relative.as_posix())
    return sorted(found)


def wait_for(driver, condition, timeout=LOAD_TIMEOUT):
    """Poll the script ``condition`` (returning a truthy value when done); its last value."""
    end = time.monotonic() + timeout
    while True:
        value = driver.execute_script(condition)
        if value or time.monotonic() > end:
            return value
        time.sleep(0.05)


# Images are loaded eagerly (a lazy one below the fold would never load in a window that does
# not scroll), then awaited: complete means loaded or failed, naturalWidth tells which.
IMAGES_SETTLED = """
if (document.readyState !== 'complete') return false;
const images = Array.from(document.images);
images.forEach(img => { if (img.loading === 'lazy') img.loading = 'eager'; });
return images.every(img => img.complete);
"""
BROKEN_IMAGES = """
return Array.from(document.images)
    .filter(img => !(img.complete && img.naturalWidth > 0))
    .map(img => img.currentSrc || img.getAttribute('src') || '(no src)');
"""
# How far apart (in pixels) the tops of the header's visible items are: more than a line's
# height when the header wraps (too many links for the 1280 pixels of the window).
HEADER_SPREAD = """
const header = document.querySelector('.bd-header');
if (header === null) return 0;
const tops = Array.from(header.querySelectorAll('.navbar-item'))
    .filter(item => item.offsetParent !== null)
    .map(item => item.getBoundingClientRect().top);
return tops.length ? Math.max(...tops) - Math.min(...tops) : 0;
"""
HEADER_WRAPS = 30  # pixels

# The page's HTTP status, from the Navigation Timing entry (Chromium records it).
STATUS = """
const entry = performance.getEntriesByType('navigation')[0];
return entry && entry.responseStatus !== undefined ? entry.responseStatus : 0;
"""


def severe_entries(driver):
    """The browser log's SEVERE entries since the last read, but for the favicon request."""
    return [entry["message"] for entry in driver.get_log("browser")
            if entry["level"] == "SEVERE" and "/favicon.ico" not in entry["message"]]


def check_page(driver, base, page):
    """The failures of one page: an HTTP error, images that do not load, JavaScript errors."""
    failures = []
    driver.get(base + page)
    if not wait_for(driver, IMAGES_SETTLED):
        failures.append(f"{page}: images still loading after {LOAD_TIMEOUT} s")
    status = driver.execute_script(STATUS)
    if status >= 400:
        failures.append(f"{page}: HTTP {status}")
    broken = driver.execute_script(BROKEN_IMAGES)
    failures += [f"{page}: image does not load: {src}" for src in broken]
    if driver.execute_script(HEADER_SPREAD) > HEADER_WRAPS:
        failures.append(f"{page}: the header's links and search wrap onto a second line at "
                        "1280 pixels (fewer links before the dropdown in docs/conf.py?)")
    failures += [f"{page}: browser log: {message}" for message in severe_entries(driver)]
    return failures, driver.execute_script("return document.images.length")


SEARCH_DONE = """
const title = document.querySelector('#search-results h2');
return title !== null && title.textContent.trim() === 'Search Results';
"""
SEARCH_LINKS = """
return Array.from(document.querySelectorAll('#search-results ul.search li a'))
    .map(a => a.getAttribute('href'));
"""


def check_search(driver, base, name):
    """The failures of the search for ``name``, and how many results it gave."""
    driver.get(f"{base}search.html?q={name}")
    if not wait_for(driver, SEARCH_DONE):
        return [f"search {name!r}: no results rendered after {LOAD_TIMEOUT} s"], 0
    links = driver.execute_script(SEARCH_LINKS)
    failures = [f"search {name!r}: browser log: {message}" for message in severe_entries(driver)]
    if not links:
        failures.append(f"search {name!r}: no results")
    elif not any(f".{name}.html" in link.split("#")[0] for link in links):
        failures.append(f"search {name!r}: {len(links)} results, none its API page "
                        f"(first ones: {links[:3]})")
    return failures, len(links)


def screenshot(driver, base, page, path, height, scroll_to=None):
    """``height`` pixels of ``page``, 1280 wide: its top (all of it when shorter), or from
    the last element matching the CSS selector ``scroll_to``."""
    driver.get(base + page)
    wait_for(driver, IMAGES_SETTLED)
    full = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, min(height, max(full, 600)))
    wait_for(driver, IMAGES_SETTLED)
    if scroll_to:
        driver.execute_script("const found = document.querySelectorAll(arguments[0]);"
                              "if (found.length) found[found.length - 1].scrollIntoView();",
                              scroll_to)
    time.sleep(0.3)  # the theme's layout settles after the resize
    driver.save_screenshot(str(path))
    driver.set_window_size(1280, 1000)


def main(html=HTML):
    html = pathlib.Path(html).resolve()
    shots = SHOTS if html == HTML else html.parent / "screenshots"
    if not (html / "index.html").exists():
        sys.exit(f"no built site in {html}: run `make docs` first")
    start = time.monotonic()
    server, base = serve(html)
    driver = browser()
    failures = []
    try:
        all_pages = pages(html)
        images = 0
        notebook = None
        for page in all_pages:
            page_failures, count = check_page(driver, base, page)
            failures += page_failures
            images += count
            if notebook is None and page.startswith("notebooks/") and count:
                notebook = page
            if page.startswith(PLOT_PAGES) and not count:
                failures.append(f"{page}: no figure (its Example's, drawn by docs/conf.py)")
        visited = time.monotonic() - start

        results = {}
        for name in SEARCHES:
            search_failures, results[name] = check_search(driver, base, name)
            failures += search_failures

        shots.mkdir(parents=True, exist_ok=True)
        saved = []
        for filename, page, height, scroll_to in SCREENSHOTS:
            page = page or notebook
            if page is None or not (html / page).exists():
                failures.append(f"screenshot {filename}: no page to photograph ({page})")
                continue
            screenshot(driver, base, page, shots / filename, height, scroll_to)
            saved.append(f"{filename} ({page})")
    finally:
        driver.quit()
        server.shutdown()

    print(f"docs-check: {len(all_pages)} pages and {images} images in headless Chromium "
          f"({visited:.0f} s); searches: "
          + ", ".join(f"{name} {count}" for name, count in results.items()))
    print(f"docs-check: screenshots in {shots}: " + ", ".join(saved))
    if failures:
        print(f"docs-check: {len(failures)} failure(s):", *failures, sep="\n  ")
        return 1
    print(f"docs-check: passed in {time.monotonic() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
