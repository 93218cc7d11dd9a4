import io

import pytest
from PIL import Image


@pytest.fixture
def media(settings, tmp_path):
    """Public and private media roots in a temporary folder; yields (public, private)."""
    public, private = tmp_path / "media", tmp_path / "private-media"
    settings.MEDIA_ROOT = public
    settings.PRIVATE_MEDIA_ROOT = private
    return public, private


def image_bytes(fmt="JPEG", size=(40, 20), color=(200, 30, 30), **save) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", size, color).save(output, format=fmt, **save)
    return output.getvalue()
