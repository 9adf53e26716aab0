"""The hublo provider: its algorithms."""
from qgis.core import QgsProcessingProvider

from .algorithms import (IsochronesFromPoints, Monographs, NearestPlaceTimes,
                         RunStudy)


class HubloProvider(QgsProcessingProvider):
    def id(self):
        return "hublo"

    def name(self):
        return "hublo"

    def longName(self):  # noqa: N802
        return "hublo: digital deserts"

    def loadAlgorithms(self):  # noqa: N802
        for alg in (RunStudy(), IsochronesFromPoints(), NearestPlaceTimes(), Monographs()):
            self.addAlgorithm(alg)
