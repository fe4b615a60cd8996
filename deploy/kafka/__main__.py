"""`python -m deploy.kafka` runs a local broker in the foreground; `--fetch` only resolves the jars."""

import argparse
import signal
import sys
from pathlib import Path

from deploy.kafka.local_broker import BrokerError, LocalKafka, ensure_jars


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy.kafka", description=__doc__)
    parser.add_argument("--fetch", action="store_true", help="resolve the Kafka jars from Maven Central and exit")
    parser.add_argument("--port", type=int, help="PLAINTEXT listener port (default: a free one)")
    parser.add_argument("--data-dir", type=Path, help="keep the broker's data here (default: a temporary folder)")
    args = parser.parse_args()
    try:
        if args.fetch:
            print(f"Kafka jars ready in {ensure_jars()}")
            return 0
        kafka = LocalKafka(data_dir=args.data_dir, port=args.port)
        print(f"Kafka ready at {kafka.start()} (data: {kafka.data_dir}); Ctrl-C stops it", flush=True)
    except BrokerError as exc:
        print(exc, file=sys.stderr)
        return 1
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        signal.pause()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        kafka.stop()
    return 0


sys.exit(main())
