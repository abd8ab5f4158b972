"""nbconvert exporters for the pair report: HTML with the project template, and PDF from it.

Registered as nbconvert exporters ``pair-html`` and ``pair-pdf`` (``jupyter nbconvert --to
pair-pdf report.ipynb``; ``--PairPDFExporter.page_size=Letter`` for Letter paper,
``--PairPDFExporter.pdf_engine=weasyprint`` to print without a browser).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from nbconvert.exporters import HTMLExporter, TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from nbconvert.preprocessors import Preprocessor, TagRemovePreprocessor
from nbformat import NotebookNode
from traitlets import Unicode, default

from analysis.report.layout import finished_page, running_header_css
from analysis.report.metadata import METADATA_MIME, notebook_output, report_metadata
from analysis.report.pdf import pdf_report

TEMPLATES = Path(__file__).parent / "templates"
HIDDEN_CELL_TAGS = {"remove", "parameters", "injected-parameters"}


class ReportMetadataPreprocessor(Preprocessor):
    """Moves the report metadata output out of the cells into ``resources["report"]``."""

    def preprocess(self, nb, resources):
        """Drop every ``METADATA_MIME`` output, keeping the last one's fields with defaults."""
        found = notebook_output(nb, METADATA_MIME)
        for cell in nb.cells:
            if outputs := cell.get("outputs", []):
                cell.outputs = [o for o in outputs if METADATA_MIME not in o.get("data", {})]
        name = nb.metadata.get("title") or resources.get("metadata", {}).get("name") or "Report"
        resources["report"] = report = report_metadata(found, fallback_title=name)
        resources["page_css"] = running_header_css(report["title"], report["date"])
        nb.metadata["report"] = resources["report"]
        return nb, resources


class PairHTMLExporter(HTMLExporter):
    """The HTML report: outputs only (no code, no prompts, no scripts), title block, contents."""

    export_from_notebook = "Pair report (HTML)"

    @default("template_name")
    def _template_name_default(self):
        return "pair_report"

    @default("extra_template_basedirs")
    def _extra_template_basedirs_default(self):
        return [str(TEMPLATES)]

    @default("exclude_input")
    def _exclude_input_default(self):
        return True

    @default("exclude_input_prompt")
    def _exclude_input_prompt_default(self):
        return True

    @default("exclude_output_prompt")
    def _exclude_output_prompt_default(self):
        return True

    @default("exclude_anchor_links")
    def _exclude_anchor_links_default(self):
        return True

    @default("embed_images")
    def _embed_images_default(self):
        return True

    @default("optimistic_validation")
    def _optimistic_validation_default(self):
        """Validate the notebook once, after every preprocessor, not after each (14 times)."""
        return True

    def __init__(self, **kw: Any):
        super().__init__(**kw)
        hidden = TagRemovePreprocessor(remove_cell_tags=HIDDEN_CELL_TAGS)
        self.register_preprocessor(hidden, enabled=True)
        self.register_preprocessor(ReportMetadataPreprocessor(), enabled=True)

    def from_notebook_node(self, nb: NotebookNode, resources=None, **kw: Any):
        """The finished page (sections, contents, wide tables, image alt text) and the resources.

        Rendered as ``HTMLExporter`` does, less its pass that parses the whole page again to add
        alt text and JupyterLab focus attributes: ``finished_page`` parses it once and adds the
        alt text (the classic template has no focus targets). That pass cost about 0.07 s a report.
        """
        resources = self._init_resources(resources)
        self.register_filter(
            "highlight_code", self.filters.get("highlight_code", Highlight2HTML(parent=self))
        )
        data_types = WidgetsDataTypeFilter(
            notebook_metadata=self._nb_metadata, parent=self, resources=resources
        )
        self.register_filter("filter_data_type", data_types)
        html, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
        return finished_page(html), resources


class PairPDFExporter(PairHTMLExporter):
    """The PDF report: the HTML report laid out with the paged-media CSS (see analysis.report.pdf)."""

    export_from_notebook = "Pair report (PDF)"
    output_mimetype = "application/pdf"
    page_size = Unicode("A4", help="Paper size: A4 or Letter.").tag(config=True)
    pdf_engine = Unicode(
        None, allow_none=True, help="chromium or weasyprint (default: chromium when installed)."
    ).tag(config=True)

    @default("file_extension")
    def _file_extension_default(self):
        return ".pdf"

    @default("template_extension")
    def _template_extension_default(self):
        return ".html.j2"

    def from_notebook_node(self, nb: NotebookNode, resources=None, **kw: Any):
        """The PDF bytes and the resources."""
        html, resources = super().from_notebook_node(nb, resources, **kw)
        resources["output_extension"] = ".pdf"
        return pdf_report(html, page_size=self.page_size, engine=self.pdf_engine), resources


_exporters = threading.local()


def html_report(nb: NotebookNode, resources: dict | None = None) -> str:
    """The HTML report of an executed notebook, from an exporter kept per thread.

    ``resources["metadata"]["path"]`` is the folder relative image links resolve from.
    """
    if not hasattr(_exporters, "html"):
        _exporters.html = PairHTMLExporter()
    html, _ = _exporters.html.from_notebook_node(nb, resources)
    return html
