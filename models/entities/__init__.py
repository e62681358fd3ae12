"""Every table of the schema; importing this package registers them all on ``Base.metadata``."""

from models.entities.audit import AuditAnchor, AuditEvent
from models.entities.base import Base
from models.entities.cases import Case, CaseEvent, Hold
from models.entities.documents import Agreement, MonthlyReturn
from models.entities.money import (
    Disbursement,
    ExchangeRate,
    Grant,
    GrantItem,
    Instalment,
    MonitoringVisit,
    PackageType,
    Supplier,
)
from models.entities.office import CaseCounter, Office, Setting, User, UserRole
from models.entities.returnees import Returnee
from models.entities.review import DuplicateFlag, Suspension
from models.entities.screening import Screening

__all__ = [
    "Agreement",
    "AuditAnchor",
    "AuditEvent",
    "Base",
    "Case",
    "CaseCounter",
    "CaseEvent",
    "Disbursement",
    "DuplicateFlag",
    "ExchangeRate",
    "Grant",
    "GrantItem",
    "Hold",
    "Instalment",
    "MonitoringVisit",
    "MonthlyReturn",
    "Office",
    "PackageType",
    "Returnee",
    "Screening",
    "Setting",
    "Supplier",
    "Suspension",
    "User",
    "UserRole",
]
