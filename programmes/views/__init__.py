"""Views of programmes, by area: the programme itself (``programme``), inline editing of its structure
(``structure``), indicator values (``values``), annual action plans (``plans``) and the public consultation
(``consultation``). All stay thin: find the object through a selector (404 when it may not be seen), check the
permission, validate a form, call a service."""
