"""The consolidated report of a session or a series: pure data, rendered by the exporters."""

from facilitate.report.anonymise import anonymised
from facilitate.report.build import build_report
from facilitate.report.model import Report

__all__ = ["Report", "anonymised", "build_report"]
