"""The case file window: ``view`` lays it out, ``sections`` fills it from the read model of a
case, ``actions`` enables its buttons as the case lifecycle says and runs them; ``dialog`` puts
the three together."""

from ui.case_file.dialog import CaseFileDialog
from ui.case_file.view import CaseFileView

__all__ = ["CaseFileDialog", "CaseFileView"]
