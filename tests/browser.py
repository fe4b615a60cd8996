"""Headless Debian `chromium` for page tests: the rendered DOM and a screenshot of one URL."""

import shutil
import subprocess
import tempfile
from pathlib import Path


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    raise RuntimeError("no chromium on PATH (Debian: apt-get install chromium)")


def open_page(url: str, screenshot: Path, *, width: int = 1400, height: int = 1000) -> str:
    """Load `url` in headless chromium, write a PNG screenshot of the first `width` x `height` pixels to `screenshot`
    and return the DOM as rendered (after a virtual-time budget, so nothing is waited for by the clock)."""
    screenshot.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="chromium-") as profile:
        common = [
            _chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            f"--window-size={width},{height}",
            "--virtual-time-budget=5000",
        ]
        dom = subprocess.run([*common, "--dump-dom", url], capture_output=True, text=True, timeout=120, check=True)
        subprocess.run([*common, f"--screenshot={screenshot}", url], capture_output=True, timeout=120, check=True)
    if not screenshot.exists():
        raise RuntimeError(f"chromium wrote no screenshot of {url}")
    return dom.stdout
