"""Browser tests: headless Chromium over the DevTools protocol, axe-core, screenshots."""
