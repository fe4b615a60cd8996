"""A page as a person sees it: Debian's headless chromium renders it (scripts included) and photographs it."""

import os
import subprocess
import tempfile
from pathlib import Path

# Virtual time runs the page's scripts and timers (a single-page app fetching its data) before the DOM is taken.
VIRTUAL_TIME_BUDGET_MS = 15_000


def _chromium(url: str, profile: str, width: int, height: int, *arguments: str) -> str:
    command = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
               f"--user-data-dir={profile}", f"--window-size={width},{height}",
               f"--virtual-time-budget={VIRTUAL_TIME_BUDGET_MS}", *arguments, url]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=180)
    if result.returncode != 0:
        raise RuntimeError(f"chromium failed on {url} ({result.returncode}):\n{result.stderr[-2000:]}")
    return result.stdout


def open_page(url: str, screenshot: Path, *, width: int = 1400, height: int = 1000) -> str:
    """The DOM of `url` once its scripts have run (as HTML text), and a PNG of the page written to `screenshot`."""
    screenshot.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="chromium-") as profile:
        dom = _chromium(url, profile, width, height, "--dump-dom")
        _chromium(url, profile, width, height, f"--screenshot={screenshot.resolve()}")
    if not screenshot.exists():
        raise RuntimeError(f"chromium wrote no screenshot of {url} to {screenshot}")
    return dom


def screenshot_path(name: str) -> Path:
    """Where a page test saves its screenshot: the README's copy in docs/images/ when UPDATE_SCREENSHOTS=1, else
    .data/screenshots/, so that a test run leaves the working tree as it found it."""
    root = Path(__file__).resolve().parents[1]
    folder = root / "docs" / "images" if os.environ.get("UPDATE_SCREENSHOTS") == "1" else root / ".data" / "screenshots"
    return folder / name
