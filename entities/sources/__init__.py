"""Data from the state registers: KRS (Ministry of Justice), GUS REGON (BIR 1.1) and the VAT white list (Ministry
of Finance). One client per register (``krs``, ``bir``, ``vat``), all through ``transport`` (timeouts, bounded retries
with backoff, a per-register rate limit and a cache); ``lookup`` combines them into one ``RegistryRecord``;
``services`` are the only writers (accepting differences, checks, the nightly watch, staff tasks).

Live calls are off by default: ``transport`` then answers from the recorded responses in ``recorded/`` (the demo
and the tests never touch the network). docs/entities.md, "Data from the state registers".
"""
