"""Child process for the crash tests: commits numbered transactions until it is killed.

Each transaction writes one person and NAMES_PER_TRANSACTION name forms that all carry
the run's tag and the transaction's number; after each commit the number is printed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from caseworker.unlocking import open_store
from storage.tables import NameForm, Person

NAMES_PER_TRANSACTION = 20


def main(data_dir: str, run: str, passphrase: str) -> None:
    store = open_store(Path(data_dir), passphrase)
    number = 0
    while True:
        number += 1
        with store.write() as session:
            person = Person(ethnicity=f"{run}-{number}")
            session.add(person)
            session.flush()
            for index in range(NAMES_PER_TRANSACTION):
                session.add(NameForm(person_id=person.id, text=f"{run}-{number}-{index}"))
        print(number, flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.stdin.readline().rstrip("\n"))
