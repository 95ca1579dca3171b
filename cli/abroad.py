"""`nexus abroad serve`: the synthetic records-abroad service the check connectors call."""

from __future__ import annotations

from typing import Annotated

import typer

abroad_app = typer.Typer(help="The synthetic records-abroad service (SIS II, Interpol, "
                              "ECRIS, HO CID, IDENT1) for demos and tests.",
                         no_args_is_help=True)


@abroad_app.command("serve")
def serve(
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1 (the API's NEXUS_ABROAD_URL "
                                           "defaults to http://127.0.0.1:8001).")] = 8001,
    persons: Annotated[int, typer.Option(
        help="Know the people of the demo graph of this size (as `nexus demo --persons`); "
             "0 for none.")] = 5000,
    seed: Annotated[int, typer.Option(help="The demo seed (as `nexus demo --seed`).")] = 1,
    fault: Annotated[list[str] | None, typer.Option(
        "--fault", help="SOURCE:MODE, repeatable: source sis, interpol, ecris, hocid or "
                        "ident1; mode slow (answers late), down (503) or error (500 "
                        "twice, then recovers).")] = None,
    slow_seconds: Annotated[float, typer.Option(
        "--slow-seconds", help="How late a `slow` source answers.")] = 10.0,
) -> None:
    """Serve the records abroad on 127.0.0.1 (loopback only)."""
    # Imported here: the web server and the simulator are only needed by this command and
    # slow the start-up of every other.
    import uvicorn

    from synthetic.abroad.data import build
    from synthetic.abroad.service import Faults, create_service, parse_fault

    faults = Faults(slow_seconds=slow_seconds)
    for text in fault or []:
        try:
            faults.set(*parse_fault(text))
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="--fault") from exc
    dataset = build(seed=seed, persons=persons)
    typer.echo(f"records abroad: {len(dataset)} people (demo {persons} persons, seed {seed})"
               + (f"; faults {faults.modes}" if faults.modes else ""))
    uvicorn.run(create_service(dataset, faults), host="127.0.0.1", port=port,
                log_level="warning")


def register(app: typer.Typer) -> None:
    app.add_typer(abroad_app, name="abroad")
