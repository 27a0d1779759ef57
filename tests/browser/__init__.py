"""Tests that drive the HTML report in a real headless Chromium (see conftest)."""
