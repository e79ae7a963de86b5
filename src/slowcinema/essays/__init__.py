"""Essays: bundles and their front matter, pairing the two languages, the bilingual page, reading time and the scaffold."""
