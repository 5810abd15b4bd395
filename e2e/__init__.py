"""Browser journeys (Playwright + Chromium); run with `make test-browser`."""
