"""The case file window: ``view`` lays it out, ``sections`` fills it from the read model of a
case, ``actions`` enables its buttons as the case lifecycle says and runs them; ``dialog`` puts
the three together. ``sections`` and ``actions`` are mixins of ``CaseFileDialog``: their
``self.tr`` texts are looked up in the ``CaseFileDialog`` context of resources/i18n/rgm_fr.ts
(Qt takes the context from the object's class), as they were before the split."""

from ui.case_file.dialog import CaseFileDialog
from ui.case_file.view import CaseFileView

__all__ = ["CaseFileDialog", "CaseFileView"]
