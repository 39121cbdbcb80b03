#!/usr/bin/python3
"""mkseeds.py — (re)make the seed corpora of the fuzz targets under
tests/fuzz/corpus/<target>/ and the dictionaries under tests/fuzz/dict/.
Standard library only; deterministic, so re-running changes nothing.

    python3 tests/fuzz/mkseeds.py

The seeds are small on purpose (a few KiB at most): libFuzzer's mutations
work best on short inputs, and the images inside bundles are 8x8. The two
JPEGs are embedded as bytes: libjpeg-turbo 2.1 output (16x8, quality 30;
the second progressive with an EXIF orientation 6), since Python's
standard library has no JPEG encoder.
"""
import base64
import hashlib
import json
import os
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "ingest"))
import mkbundle  # noqa: E402  (png, gif, bmp, manifest, rid, uscc)

JPEG_BASELINE = base64.b64decode("/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDABsSFBcUERsXFhceHBsgKEIrKCUlKFE6PTBCYFVlZF9VXVtqeJmBanGQc1tdhbWGkJ6jq62rZ4C8ybqmx5moq6T/2wBDARweHigjKE4rK06kbl1upKSkpKSkpKSkpKSkpKSkpKSkpKSkpKSkpKSkpKSkpKSkpKSkpKSkpKSkpKSkpKSkpKT/wAARCAAIABADASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwAW0tbBA1w4U4yFHLH6CkN5cTfJZxeQn948uf6D/PNFFA3psf/Z")
JPEG_PROG_EXIF6 = base64.b64decode("/9j/4AAQSkZJRgABAQAAAQABAAD/4QAiRXhpZgAATU0AKgAAAAgAAQESAAMAAAABAAYAAAAAAAD/2wBDABsSFBcUERsXFhceHBsgKEIrKCUlKFE6PTBCYFVlZF9VXVtqeJmBanGQc1tdhbWGkJ6jq62rZ4C8ybqmx5moq6T/2wBDARweHigjKE4rK06kbl1upKSkpKSkpKSkpKSkpKSkpKSkpKSkpKSkpKSkpKSkpKSkpKSkpKSkpKSkpKSkpKSkpKT/wgARCAAIABADASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAH/xAAUAQEAAAAAAAAAAAAAAAAAAAAA/9oADAMBAAIQAxAAAAFA/8QAFxAAAwEAAAAAAAAAAAAAAAAAAAISAf/aAAgBAQABBQKVQttP/8QAFBEBAAAAAAAAAAAAAAAAAAAAAP/aAAgBAwEBPwF//8QAFBEBAAAAAAAAAAAAAAAAAAAAAP/aAAgBAgEBPwF//8QAFxAAAwEAAAAAAAAAAAAAAAAAAAEiEf/aAAgBAQAGPwKiFh//xAAaEAACAgMAAAAAAAAAAAAAAAABEQBBMVFh/9oACAEBAAE/IQOyXLmCju5//9oADAMBAAIAAwAAABB3/8QAFxEAAwEAAAAAAAAAAAAAAAAAAAEhMf/aAAgBAwEBPxBzD//EABQRAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQIBAT8Qf//EABsQAQACAgMAAAAAAAAAAAAAAAEAIRFxgcHw/9oACAEBAAE/EBYVjILWiPIut9Hrn//Z")


def put(target, name, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def scans():
    return [("application_form", "files/form.png", mkbundle.png(8, 8, 3, noise=True)),
            ("business_license", "files/license.jpg", JPEG_BASELINE),
            ("id_front", "files/id_front.bmp", mkbundle.bmp(8, 8)),
            ("id_back", "files/id_back.gif", mkbundle.gif(8, 8))]


def manifest(typ="replace", method="wechat", holder="org", files=None):
    files = files if files is not None else [
        {"role": r, "path": p, "sha256": hashlib.sha256(d).hexdigest(), "size": len(d)}
        for r, p, d in scans()]
    return mkbundle.manifest("017047461437547153", 1, typ, holder, method, files)


def zipped(mtext, entries, extra=None, symlink=None, deflate_extra=False):
    """A bundle in memory: manifest.json deflated, the scans stored;
    extra entries stored (or deflated), and a symbolic link named symlink."""
    import io
    buf = io.BytesIO()
    when = (2026, 11, 20, 9, 31, 2)
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("manifest.json", when), mtext, zipfile.ZIP_DEFLATED)
        for _, p, d in entries:
            z.writestr(zipfile.ZipInfo(p, when), d, zipfile.ZIP_STORED)
        for name, d in (extra or []):
            z.writestr(zipfile.ZipInfo(name, when), d,
                       zipfile.ZIP_DEFLATED if deflate_extra else zipfile.ZIP_STORED)
        if symlink:
            zi = zipfile.ZipInfo(symlink, when)
            zi.create_system = 3
            zi.external_attr = 0o120777 << 16
            z.writestr(zi, "/etc/passwd", zipfile.ZIP_STORED)
    return buf.getvalue()


def flag_encrypted(raw, name):
    """Set the 'encrypted' bit of name in the local and central headers."""
    raw = bytearray(raw)
    i = raw.find(name)
    while i >= 0:
        if raw[i - 30:i - 26] == b"PK\x03\x04":
            raw[i - 30 + 6] |= 1
        elif raw[i - 46:i - 42] == b"PK\x01\x02":
            raw[i - 46 + 8] |= 1
        i = raw.find(name, i + 1)
    return bytes(raw)


def jtext(m):
    return json.dumps(m, ensure_ascii=False, separators=(",", ":")).encode()


def image_seeds():
    put("image", "tiny.png", mkbundle.png(8, 8, 1, noise=True))
    put("image", "flat.png", mkbundle.png(16, 4, 2))
    put("image", "tiny.gif", mkbundle.gif(8, 8))
    put("image", "tiny.bmp", mkbundle.bmp(8, 8))
    put("image", "baseline.jpg", JPEG_BASELINE)
    put("image", "progressive-exif6.jpg", JPEG_PROG_EXIF6)


def bundle_and_manifest_seeds():
    s = scans()
    cases = {
        "replace-wechat": manifest(),
        "renew-transfer": manifest("renew", "transfer"),
        "new-personal-alipay": manifest("new", "alipay", "personal"),
    }
    for name, m in cases.items():
        put("manifest", name + ".json", jtext(m))
        put("bundle", name + ".zip", zipped(jtext(m), s))
    put("manifest", "minimal.json", '{"format":"radesk-bundle/1"}')
    put("manifest", "dup-key.json", '{"format":"radesk-bundle/1","format":"x"}')
    put("manifest", "types.json",
        '{"a":[1,-2.5e3,true,false,null,"\\u00e9\\ud83d\\ude00"],"b":{}}')
    bad = manifest()
    bad["files"][0]["path"] = "files/../form.png"
    bad["files"][1]["sha256"] = "Z" * 64
    put("manifest", "bad-files.json", jtext(bad))
    put("bundle", "dotdot.zip", zipped(jtext(manifest()), s, [("files/../x.png", b"x")]))
    put("bundle", "unlisted.zip", zipped(jtext(manifest()), s, [("files/extra.gif", mkbundle.gif(2, 2))]))
    put("bundle", "missing-scan.zip", zipped(jtext(manifest()), s[:3]))
    put("bundle", "bad-json.zip", zipped(b'{"format":"radesk-bundle/1",', s))
    good = jtext(manifest())
    put("bundle", "symlink.zip", zipped(good, s, symlink="files/link.png"))
    put("bundle", "encrypted.zip", flag_encrypted(
        zipped(good, s, [("files/secret.gif", mkbundle.gif(2, 2))]), b"files/secret.gif"))
    put("bundle", "gbk-name.zip", zipped(good, s, [("files/QQQQ.gif", b"GIF89a")])
        .replace(b"QQQQ", "测试".encode("gbk")))
    put("bundle", "duplicate.zip", zipped(good, s, [(s[0][1], s[0][2])]))
    put("bundle", "names.zip", zipped(good, s, [("/abs.gif", b"x"), ("files\\b.gif", b"x"),
                                                ("extra/readme.txt", b"x")]))
    put("bundle", "many-entries.zip", zipped(good, s, [("files/x%02d.gif" % i, mkbundle.gif(1, 1))
                                                       for i in range(14)]))
    # 64 KiB of zeros deflate to a few hundred bytes: over the ratio
    put("bundle", "bomb.zip", zipped(good, s, [("files/bomb.gif", b"\0" * 65536)],
                                     deflate_extra=True))
    # spec revision 2 (issue 13): scans decoded completely, NFC names,
    # the clock, app_no digits
    def with_scan(i, data):
        t = list(s)
        t[i] = (t[i][0], t[i][1], data)
        return t, manifest(files=[{"role": r, "path": p, "size": len(d),
                                   "sha256": hashlib.sha256(d).hexdigest()}
                                  for r, p, d in t])
    t, m = with_scan(0, s[0][2] + b"PK\x03\x04hidden")
    put("bundle", "trailing-png.zip", zipped(jtext(m), t))
    t, m = with_scan(3, s[3][2] + b"GIF89a")
    put("bundle", "trailing-gif.zip", zipped(jtext(m), t))
    t, m = with_scan(2, s[2][2] + b"\0" * 16)
    put("bundle", "bmp-size.zip", zipped(jtext(m), t))
    t, m = with_scan(0, s[0][2][:-20])
    put("bundle", "truncated-png.zip", zipped(jtext(m), t))
    t, m = with_scan(0, JPEG_BASELINE + b"<?php ?>")
    put("bundle", "trailing-jpeg.zip", zipped(jtext(m), t))
    put("bundle", "nfc-names.zip", zipped(good, s, [("files/caf\u00e9.gif", mkbundle.gif(2, 2)),
                                                    ("files/cafe\u0301.gif", mkbundle.gif(2, 2))]))
    m = manifest()
    m["submitted_at"] = "2099-01-01T00:00:00+08:00"
    put("bundle", "future.zip", zipped(jtext(m), s))
    m = manifest()
    m["app_no"] = "ABC-123"
    put("bundle", "app-no.zip", zipped(jtext(m), s))
    m = manifest()
    m["handler"]["name"] = "张\u200b三"
    m["organization"]["name"] = "深圳市某某科技有限公\u0441司"
    put("bundle", "names-lookalike.zip", zipped(jtext(m), s))
    raw = bytearray(zipped(good, s, [("files/QQQQ.gif", mkbundle.gif(2, 2))]))
    i = raw.rfind(b"QQQQ")
    raw[i:i + 4] = "测试".encode("gbk")
    put("bundle", "gbk-central.zip", bytes(raw))


def bankcsv_seeds():
    put("bankcsv", "chinese-bom-crlf.csv",
        "\ufeff交易日期,付款账号,付款户名,金额,流水号,摘要\r\n"
        "2026-11-21,6222000011112222,\"上海某某有限公司\",\"1,234.56\",B1,\"证书费, 含税\"\r\n"
        "\r\n2026-11-22,6223,王五,0.01,,\r\n")
    put("bankcsv", "english-reordered.csv",
        "amount,memo,date,payer_name,payer_account,bank_ref\n"
        "500.00,\"line one\nline two\",2026-11-20,\"A \"\"B\"\" C\",6222,R9\n"
        "abc,x,2026-13-40,n,1,R10\n-1.00,,2026-02-29,n,1,R11\n")
    put("bankcsv", "missing-column.csv", "date,payer_account,amount\n2026-11-20,1,1.00\n")
    put("bankcsv", "unterminated-quote.csv",
        "date,payer_account,payer_name,amount\n2026-11-20,1,\"open,9.99\n")


def config_seeds():
    with open(os.path.join(ROOT, "etc", "radesk.conf.example"), "rb") as f:
        put("config", "example.conf", f.read())
    put("config", "small.conf",
        "\ufeff# comment\n[database]\npath = var/radesk.db\n[paths]\nblobs = var/blobs\n"
        "[sla]\nholidays = a.txt, b.txt\noffice_open = 08:30\n[tariffs]\nreplace = 99.99\n"
        "[worker]\nin_console = no\n[provider.courier]\nadapter = sf\ntimeout = 30\r\n")
    put("config", "bad.conf", "[nope]\nx = 1\n[ui\nlanguage\n")


def dictionaries():
    d = os.path.join(HERE, "dict")
    os.makedirs(d, exist_ok=True)
    keys = set()

    def walk(v):
        if isinstance(v, dict):
            for k, x in v.items():
                keys.add(k)
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)
        elif isinstance(v, str) and len(v) < 40:
            keys.add(v)
    for m in (manifest(), manifest("renew", "transfer"), manifest("new", "alipay", "personal")):
        walk(m)
    with open(os.path.join(d, "manifest.dict"), "w") as f:
        for k in sorted(keys):
            f.write(json.dumps(json.dumps(k, ensure_ascii=True)) + "\n")
    words = set()
    with open(os.path.join(ROOT, "etc", "radesk.conf.example")) as f:
        for line in f:
            line = line.strip()
            if line.startswith("["):
                words.add(line)
            elif "=" in line and not line.startswith("#"):
                words.add(line.split("=", 1)[0].strip() + " = ")
    with open(os.path.join(d, "config.dict"), "w") as f:
        for w in sorted(words):
            f.write(json.dumps(w) + "\n")


if __name__ == "__main__":
    image_seeds()
    bundle_and_manifest_seeds()
    bankcsv_seeds()
    config_seeds()
    dictionaries()
