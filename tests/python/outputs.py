"""A layer's attributes as the CSV reader gives them, read from its GeoJSON: every value as
text, at full precision (the CSVs round reals to [outputs] csv_decimals), None as ""."""
import json


def _text(v):
    if v is None:
        return ""
    if isinstance(v, float):
        return repr(v)
    return str(v)


def layer_rows(out, name):
    """The rows of OUT/NAME.geojson's properties, as csv.DictReader would give them."""
    with open(f"{out}/{name}.geojson", encoding="utf-8") as f:
        features = json.load(f)["features"]
    return [{k: _text(v) for k, v in feat["properties"].items()} for feat in features]
