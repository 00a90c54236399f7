"""The recorded answers of the registers, served in place of the network while live calls are off.

The files in ``recorded/`` are whole answers as each register sends them (KRS and white-list JSON, BIR's SOAP 1.2
envelopes in their MTOM multipart wrapping), written to the registers' documented shapes for fictional entities.
``RecordedAdapter`` is a ``requests`` transport adapter: the clients, their parsing and zeep run exactly as they do
live, only the bytes come from a file. A request nobody recorded gets what the register answers for an unknown
number (KRS 404, BIR error 4, white list ``subject: null``); a file ending in ``.timeout`` stands for a register
that does not answer in time.
"""

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import requests
from lxml import etree
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

ROOT = Path(__file__).resolve().parent / "recorded"
SAFE = re.compile(r"^[0-9A-Za-z_-]+$")


def _safe(value: str) -> str:
    value = (value or "").strip()
    return value if SAFE.match(value) else "_invalid"


class RecordedAdapter(BaseAdapter):
    def __init__(self, source: str):
        super().__init__()
        self.source = source

    def close(self) -> None:
        pass

    def send(self, request, **kwargs):
        handler = {"krs": self._krs, "bir": self._bir, "vat": self._vat}[self.source]
        status, body, content_type = handler(request)
        response = requests.Response()
        response.status_code = status
        response._content = body
        response.headers = CaseInsensitiveDict({"Content-Type": content_type})
        response.encoding = "utf-8"
        response.url = request.url
        response.request = request
        response.reason = {200: "OK", 404: "Not Found"}.get(status, "")
        return response

    # --- helpers -------------------------------------------------------------------------------
    @staticmethod
    def _file(*parts: str) -> Path | None:
        path = ROOT.joinpath(*parts)
        timeout = path.with_name(path.name + ".timeout")
        if timeout.exists():
            raise requests.ReadTimeout(f"recorded timeout: {timeout.name}")
        return path if path.exists() else None

    # --- KRS: GET /api/krs/OdpisAktualny/{krs}?rejestr=P|S&format=json, GET /api/Krs/Biuletyn/{date} ---------
    def _krs(self, request):
        url = urlsplit(request.url)
        parts = [unquote(p) for p in url.path.split("/") if p]
        query = parse_qs(url.query)
        json_type = "application/json; charset=utf-8"
        if len(parts) >= 2 and parts[-2].lower() == "odpisaktualny":
            register = _safe((query.get("rejestr") or ["P"])[0].upper())
            path = self._file("krs", "OdpisAktualny", f"{_safe(parts[-1])}-{register}.json")
            if path is None:
                return 404, b"", json_type
            return 200, path.read_bytes(), json_type
        if len(parts) >= 2 and parts[-2].lower() == "biuletyn":
            path = self._file("krs", "Biuletyn", f"{_safe(parts[-1])}.json")
            return 200, path.read_bytes() if path else b"[]", json_type
        return 404, b"", json_type

    # --- BIR: SOAP 1.2 POSTs; the operation and its parameters are read from the envelope -------------------
    def _bir(self, request):
        body = request.body if isinstance(request.body, bytes) else (request.body or "").encode()
        root = etree.fromstring(body)  # noqa: S320 - our own request, built by zeep a moment ago
        operation = next(iter(root.find("{http://www.w3.org/2003/05/soap-envelope}Body")))
        name = etree.QName(operation).localname
        params = {etree.QName(el).localname: (el.text or "").strip() for el in operation.iter() if el is not operation}
        folder = ROOT / "bir" / name
        if name == "DaneSzukajPodmioty":
            key = next((f"{k}-{v}" for k, v in params.items() if v and k in {"Nip", "Regon", "Krs"}), "_none")
            path = self._file("bir", name, f"{_safe(key)}.xml") or folder / "_not_found.xml"
        elif name == "DanePobierzPelnyRaport":
            key = f"{_safe(params.get('pNazwaRaportu', ''))}-{_safe(params.get('pRegon', ''))}"
            path = self._file("bir", name, f"{key}.xml") or folder / "_not_found.xml"
        elif name == "DanePobierzRaportZbiorczy":
            key = f"{_safe(params.get('pNazwaRaportu', ''))}-{_safe(params.get('pDataRaportu', ''))}"
            path = self._file("bir", name, f"{key}.xml") or folder / "_empty.xml"
        else:  # Zaloguj, Wyloguj
            path = folder / "response.xml"
        content = path.read_bytes()
        boundary = content.split(b"\r\n", 1)[0][2:].decode()
        content_type = (f'multipart/related; type="application/xop+xml"; start="<http://tempuri.org/0>"; '
                        f'boundary="{boundary}"; start-info="application/soap+xml"')
        return 200, content, content_type

    # --- white list: GET /api/search/nip/{nip}?date=, GET /api/search/nips/{nip,nip,...}?date= -------------
    def _vat(self, request):
        url = urlsplit(request.url)
        parts = [unquote(p) for p in url.path.split("/") if p]
        json_type = "application/json"
        if len(parts) >= 2 and parts[-2] == "nip":
            path = self._file("vat", "nip", f"{_safe(parts[-1])}.json") or ROOT / "vat" / "nip" / "_not_found.json"
            return 200, path.read_bytes(), json_type
        if len(parts) >= 2 and parts[-2] == "nips":
            entries = []
            for nip in parts[-1].split(","):
                path = self._file("vat", "nip", f"{_safe(nip)}.json") or ROOT / "vat" / "nip" / "_not_found.json"
                result = json.loads(path.read_text(encoding="utf-8"))["result"]
                subject = result.get("subject")
                entries.append({"identifier": nip, "subjects": [subject] if subject else []})
            answer = {"result": {"entries": entries, "requestId": "rec-nips-0001",
                                 "requestDateTime": "01-03-2026 08:00:00"}}
            return 200, json.dumps(answer, ensure_ascii=False).encode(), json_type
        return 400, json.dumps({"code": "WL-100", "message": "Nieznane zapytanie."}).encode(), json_type
