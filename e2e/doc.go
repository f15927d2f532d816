// Package e2e holds Fieldbook's browser tests: the real server and the
// embedded PWA, driven in headless Chromium through chromedp. They need
// Debian's chromium at /usr/bin/chromium; without it they skip locally
// and fail in CI (when CI or FIELDBOOK_REQUIRE_BROWSER is set).
package e2e
