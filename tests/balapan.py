"""Race-test support: run callables at the same moment in separate threads, each with its own connection."""

from __future__ import annotations

import threading

from django.core.exceptions import ValidationError
from django.db import connection


def serentak(tugas: list, *, tunggu: float = 30) -> list[tuple[bool, str]]:
    """Run the callables ``tugas`` at the same moment in separate threads (each closes its own database
    connection at the end); return ``(ok, message)`` per callable: ``(True, "")``, ``(False, the
    ValidationError's messages)`` or ``(False, "ERROR …")`` for any other exception."""
    mulai = threading.Barrier(len(tugas))
    hasil: list = [None] * len(tugas)

    def jalankan(i, fungsi):
        try:
            mulai.wait()
            fungsi()
            hasil[i] = (True, "")
        except ValidationError as exc:
            hasil[i] = (False, " ".join(exc.messages))
        except Exception as exc:  # noqa: BLE001 - report any other failure to the test
            hasil[i] = (False, f"ERROR {exc!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=jalankan, args=(i, f)) for i, f in enumerate(tugas)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(tunggu)
    return hasil
