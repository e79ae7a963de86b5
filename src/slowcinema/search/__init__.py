"""Site search without a server and without downloading the whole index: `extract` reads a page's
sections, `tokens` makes the terms, `index` writes the files that `assets/search.js` reads."""
