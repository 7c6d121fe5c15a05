"""Imports of targeting data: address points (CSV/XLSX, the French national address base
recognized by its header), polling-station areas (GeoJSON) and election results per polling
station (the Ministry's CSV). Each runs as a background ``core.Job``; the job is the record of
the import (its parameters, counts, report of rejected rows)."""
