"""`python -m local.kafka` runs a local broker in the foreground until Ctrl-C; `--fetch` only resolves the jars."""

import argparse
import sys
from pathlib import Path

from local.kafka.local_broker import BrokerError, LocalKafka, ensure_jars


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m local.kafka", description=__doc__)
    parser.add_argument("--fetch", action="store_true", help="resolve the Kafka jars from Maven Central and exit")
    parser.add_argument("--port", type=int, help="PLAINTEXT listener port (default: a free one)")
    parser.add_argument("--data-dir", type=Path, help="keep the broker's data here (default: a temporary folder)")
    return parser.parse_args()


def _serve(kafka: LocalKafka) -> int:
    print(f"Kafka ready at {kafka.start()} (data: {kafka.data_dir}); Ctrl-C stops it", flush=True)
    return kafka.serve_until_stopped()


def main() -> int:
    args = _arguments()
    try:
        if args.fetch:
            print(f"Kafka jars ready in {ensure_jars()}")
            return 0
        return _serve(LocalKafka(data_dir=args.data_dir, port=args.port))
    except BrokerError as error:
        print(error, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
