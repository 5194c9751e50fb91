import pytest

from epic_auth_app.models import Employee
from epic_clients_app.models import Client
from epic_contracts_app.models import Contract
from epic_events_app.models import Event
from tests.factories import make_client, make_contract, make_employee, make_event


class World:
    """Two of everything, so each rule can be tried on one's own record and on someone else's.

    Bill (sales) owns client Kevin, whose signed contract has the wedding, run by Kate
    (support). Sally (sales) owns client Lou, whose signed contract has the assembly,
    run by Aliénor (support). Each client also has an unsigned contract.
    """

    def __init__(self):
        self.manager = make_employee("management", full_name="Mona Manager")
        self.seller = make_employee("sales", full_name="Bill Boquet")
        self.other_seller = make_employee("sales", full_name="Sally Seller")
        self.supporter = make_employee("support", full_name="Kate Hastroff")
        self.other_supporter = make_employee("support", full_name="Aliénor Vichum")
        self.idle_supporter = make_employee("support", full_name="Ivan Idle")  # owns nothing
        self.client = make_client(self.seller, full_name="Kevin Casey", email="kevin@startup.io")
        self.other_client = make_client(self.other_seller, full_name="Jacky Blangier", email="jacky@loubouzin.grd")
        self.contract = make_contract(self.client)
        self.other_contract = make_contract(self.other_client)
        self.unsigned = make_contract(self.client, signed=False)
        self.other_unsigned = make_contract(self.other_client, signed=False)
        self.event = make_event(self.contract, support_contact=self.supporter)
        self.other_event = make_event(
            self.other_contract, support_contact=self.other_supporter, name="Lou Bouzin General Assembly"
        )

    def actor(self, department: str):
        return {"management": self.manager, "sales": self.seller, "support": self.supporter}[department]


@pytest.fixture
def world(db):
    return World()


def snapshot() -> tuple:
    """Every stored value of every record and of its history, to prove that a refused
    operation wrote nothing (not even a history entry)."""
    models = (Employee, Client, Contract, Event)
    return tuple(
        tuple(model.objects.order_by("pk").values_list())
        for model in (*models, *(model.history.model for model in models))
    )
