"""WGS84 to Lambert-93 with osr, for the checks that measure hublo's layers with Shapely."""
from osgeo import osr
from shapely.ops import transform


def transformer():
    """osr's WGS84 -> Lambert-93 transformation (lon, lat order)."""
    wgs, l93 = osr.SpatialReference(), osr.SpatialReference()
    wgs.ImportFromEPSG(4326)
    l93.ImportFromEPSG(2154)
    for s in (wgs, l93):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return osr.CoordinateTransformation(wgs, l93)


def projector(ct=None):
    """A function projecting a Shapely geometry from WGS84 to Lambert-93."""
    ct = ct or transformer()

    def f(xs, ys, z=None):
        pts = [ct.TransformPoint(x, y)[:2] for x, y in zip(xs, ys)]
        return [p[0] for p in pts], [p[1] for p in pts]

    return lambda g: transform(f, g)
