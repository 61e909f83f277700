"""The record in and out: meeting notes imported from the formats committees write, and the whole record exported.

- ``service``: what the edges call, ``RecordsService`` (``import_document``, ``export``, ``json_text``,
  ``csv_tables``/``csv_zip``, ``md_page``, ``scope_of``);
- ``document``: a file checked (size, text) and its format found; ``notes``: what every reader makes, ``Notes``;
- the readers, one a format: ``wiki`` (a wiki page pasted as text), ``confluence`` (the same page as Confluence
  storage XHTML), ``markdown_minutes``, ``meetbot`` (text and HTML), ``w3c`` (scribe.perl, scribejs); their shared
  parts ``sections`` (minutes laid out in sections), ``lines`` (one line's speaker, decision, next meeting …) and
  ``html`` (a tolerant tree from the standard library's parser);
- ``importing``: notes into the record, each record once (fingerprints); ``minutes``: an imported meeting's minutes;
- ``snapshot``: the JSON export and its schema (``steerbot-export.schema.json``); ``restoring``: an export back in;
- ``tables`` (CSV), ``page`` (one Markdown page); ``result``: what an import did, and its preview.
"""
