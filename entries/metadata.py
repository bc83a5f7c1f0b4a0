"""What a file says about who made it, taken out: the copy of an attachment that judges of a
blind round download.

Pure Python, no Django: ``strip(data, content_type)`` returns the file without its document
metadata, or raises ``CannotStrip`` when the file cannot be read well enough to be sure (an
encrypted or damaged PDF, say); the caller then must not serve the original instead.

* PDF (pypdf): the document information (author, title, subject, keywords, creator, producer,
  dates), every XMP metadata stream (of the document, its pages, images, fonts), page-piece
  data, the author of each comment or markup annotation, and the EXIF, XMP, IPTC and comment
  segments of the JPEG photos inside (their pixels untouched). Objects nothing refers to any
  more are dropped, so the old values are not left in the file either.
* JPEG and PNG (Pillow): re-encoded from the pixels, so EXIF (artist, camera, GPS position,
  dates), XMP, comments and text chunks are gone; the EXIF orientation is applied to the
  pixels first, and the colour profile, transparency and resolution are kept. A JPEG that
  needs no turning keeps its quantisation tables (no visible loss).
* DOCX and XLSX (a ZIP package): the core, extended and custom properties (creator, last
  modified by, title, company, manager…) are emptied; the names of the authors of tracked
  changes and comments, and of a workbook's "reserved by" user, are blanked; the pictures
  inside lose their EXIF, XMP and text. Dates inside the package are set to one fixed value.

What the pages show (a name in the text, a logo in a picture) is content, not metadata: an
entrant who wants that hidden uploads an anonymised version of the file (see
``entries/schema.py``, ``blind_variant``).
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class CannotStrip(ValueError):
    """The file could not be read well enough to take its metadata out."""


def strip(data: bytes, content_type: str) -> bytes:
    """``data`` (a file of ``content_type``) without its document metadata."""
    cleaner = {PDF: _pdf, JPEG: _image, PNG: _image, DOCX: _office, XLSX: _office}.get(
        content_type)
    if cleaner is None:
        raise CannotStrip(f"No way to take the metadata out of {content_type!r} files.")
    try:
        return cleaner(data)
    except CannotStrip:
        raise
    except Exception as exc:  # the readers raise many kinds for a damaged file
        raise CannotStrip(str(exc) or exc.__class__.__name__) from exc


# --- PDF ---------------------------------------------------------------------------------------

_PDF_METADATA_KEYS = ("/Metadata", "/PieceInfo")
# Annotations whose /T is a form field's name, not the name of whoever wrote a comment.
_PDF_NAMED_ANNOTATIONS = ("/Widget",)


def _pdf(data: bytes) -> bytes:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise CannotStrip("The PDF is protected by a password.")
        writer = PdfWriter(clone_from=reader)
        writer.metadata = None  # the document information dictionary, author to producer

        # Walk every object reachable from the catalogue once.
        stack: list = [writer._root_object]
        seen: set[tuple[int, int]] = set()
        while stack:
            item = stack.pop()
            if isinstance(item, IndirectObject):
                key = (item.idnum, item.generation)
                if key in seen:
                    continue
                seen.add(key)
                item = item.get_object()
            if isinstance(item, DictionaryObject):
                for key in _PDF_METADATA_KEYS:
                    if key in item:
                        del item[key]
                if (isinstance(item, StreamObject) and item.get("/Subtype") == "/Image"
                        and item.get("/Filter") in ("/DCTDecode", ["/DCTDecode"])):
                    item._data = jpeg_without_metadata(item._data)
                if ("/Rect" in item and "/Subtype" in item
                        and item.get("/Subtype") not in _PDF_NAMED_ANNOTATIONS):
                    for key in ("/T", "/RC"):  # the comment's author; rich text repeating it
                        if key in item:
                            del item[key]
                stack.extend(item.values())
            elif isinstance(item, ArrayObject):
                stack.extend(item)

        # The old information dictionary and XMP streams are now referred to by nothing.
        writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
        out = io.BytesIO()
        writer.write(out)
    return out.getvalue()


# --- Images ------------------------------------------------------------------------------------

# PNG chunks that describe a picture rather than draw it: text, EXIF, the time it was changed.
_PNG_DROPPED = {b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"tIME"}
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_without_metadata(data: bytes) -> bytes:
    """A PNG's bytes without its text, EXIF and time chunks, the picture left as it is. Data
    that is not a well-formed PNG is returned unchanged."""
    if not data.startswith(_PNG_SIGNATURE):
        return data
    out, at = bytearray(_PNG_SIGNATURE), len(_PNG_SIGNATURE)
    while at + 12 <= len(data):
        length = int.from_bytes(data[at:at + 4], "big")
        kind = data[at + 4:at + 8]
        end = at + 12 + length
        if end > len(data):
            return data
        if kind not in _PNG_DROPPED:
            out += data[at:end]
        at = end
        if kind == b"IEND":
            return bytes(out)
    return data


# JPEG segments that describe who made a picture (not how to draw it): APP1 (EXIF, XMP), APP13
# (Photoshop, IPTC) and comments. APP0 (JFIF), APP2 (colour profile) and APP14 (Adobe colour
# transform) are needed to show it right and stay.
_JPEG_DROPPED = {0xE1, 0xED, 0xFE}


def jpeg_without_metadata(data: bytes) -> bytes:
    """A JPEG's bytes without its metadata segments, the compressed picture left as it is
    (no loss). Data that is not a well-formed JPEG header is returned unchanged."""
    if not data.startswith(b"\xff\xd8"):
        return data
    out, at = bytearray(b"\xff\xd8"), 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            return data
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker == 0xDA or 0xD0 <= marker <= 0xD9:  # start of scan: the picture follows
            out += data[at:]
            return bytes(out)
        length = int.from_bytes(data[at + 2:at + 4], "big")
        if length < 2 or at + 2 + length > len(data):
            return data
        if marker not in _JPEG_DROPPED:
            out += data[at:at + 2 + length]
        at += 2 + length
    return data

_ORIENTATION = 0x0112
_KEPT_IMAGE_INFO = ("icc_profile", "transparency", "dpi")


def _image(data: bytes) -> bytes:
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as image:
        image_format = image.format
        if image_format not in ("JPEG", "PNG"):
            raise CannotStrip(f"Not a JPEG or PNG image ({image_format}).")
        image.load()
        kept = {key: image.info[key] for key in _KEPT_IMAGE_INFO if key in image.info}
        orientation = image.getexif().get(_ORIENTATION, 1)
        params: dict = dict(kept)
        if image_format == "JPEG":
            if orientation in (None, 1):
                clean = image
                params.update(quality="keep", subsampling="keep")
            else:
                clean = ImageOps.exif_transpose(image)
                params.update(quality=95)
        else:
            clean = ImageOps.exif_transpose(image) if orientation not in (None, 1) else image
            if getattr(image, "is_animated", False):
                params["save_all"] = True
        # Nothing read from the file goes back in but what is kept above.
        clean.info = {}
        out = io.BytesIO()
        clean.save(out, image_format, **params)
    return out.getvalue()


# --- Word and Excel ----------------------------------------------------------------------------

_FIXED_DATE = (1980, 1, 1, 0, 0, 0)
_EMPTY_PARTS = {
    "docProps/core.xml": (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        b'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        b'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/'
        b'dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>'
    ),
    "docProps/app.xml": (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/docPropsVTypes"/>'
    ),
    "docProps/custom.xml": (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/docPropsVTypes"/>'
    ),
}
# Attributes that carry a person's name, blanked wherever they appear in the package's XML.
_NAME_ATTRIBUTES = re.compile(
    rb"""(?<![\w:.-])((?:[A-Za-z_][\w.-]*:)?"""
    rb"""(?:author|initials|userId|providerId|displayName|userName))\s*=\s*(?:"[^"]*"|'[^']*')"""
)
# Excel's legacy comments list their authors as elements.
_AUTHOR_ELEMENTS = re.compile(rb"<author>[^<]*</author>")


def _office(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            content = source.read(member)
            name = member.filename
            if name in _EMPTY_PARTS:
                content = _EMPTY_PARTS[name]
            elif name.endswith((".xml", ".rels")) and name != "[Content_Types].xml":
                content = _NAME_ATTRIBUTES.sub(rb'\1=""', content)
                content = _AUTHOR_ELEMENTS.sub(b"<author></author>", content)
            elif name.lower().endswith((".jpg", ".jpeg")):  # pictures in the document
                content = jpeg_without_metadata(content)
            elif name.lower().endswith(".png"):
                content = png_without_metadata(content)
            info = zipfile.ZipInfo(name, date_time=_FIXED_DATE)
            info.compress_type = (zipfile.ZIP_STORED if member.compress_type == zipfile.ZIP_STORED
                                  else zipfile.ZIP_DEFLATED)
            target.writestr(info, content)
    return out.getvalue()
