"""The HTML stage: decode and parse a page, read its metadata, and extract and choose its main content."""
