"""QGIS plugin: hublo's algorithms in the Processing toolbox."""


def classFactory(iface):  # noqa: N802 (QGIS's name)
    from .plugin import HubloPlugin
    return HubloPlugin(iface)
