"""`benchmarks.profile pipeline` puts each py-spy sample in one layer: the frame nearest the leaf that names one."""

from benchmarks.profile import WAITED, layer_of

THREAD = "thread (0x1): integration-batches_0"
BATCH = ("_worker (concurrent/futures/thread.py:83)", "EventProcessor._commit (services/common/processor.py:169)")


def test_a_handlers_sql_counts_as_sql_and_its_own_work_as_the_handlers() -> None:
    handler = "check_in (services/integration/handlers.py:40)"
    sql = "DefaultDialect.do_execute (sqlalchemy/engine/default.py:924)"
    assert layer_of([THREAD, *BATCH, handler, sql]) == "SQL (SQLAlchemy, SQLite)"
    assert layer_of([THREAD, *BATCH, handler]) == "handlers and rules"
    assert layer_of([THREAD, *BATCH]) == "the batch (processor, cases, flows, service)"


def test_the_kafka_clients_shared_frames_go_to_the_side_that_called_them() -> None:
    write = (
        "AIOKafkaConnection.send (aiokafka/conn.py:423)",
        "_SelectorSocketTransport.write (asyncio/selector_events.py:1057)",
    )
    fetch = "Fetcher._proc_fetch_request (aiokafka/consumer/fetcher.py:747)"
    produce = "Sender._send_produce_req (aiokafka/producer/sender.py:288)"
    loop = "BaseEventLoop._run_once (asyncio/base_events.py:1922)"
    assert layer_of(["thread (0x2): MainThread", loop, fetch, *write]) == "consume and decode (FastStream, aiokafka)"
    assert layer_of(["thread (0x2): MainThread", loop, produce, *write]) == "outbox relay and publish"
    assert layer_of(["thread (0x2): MainThread", loop, *write]) == "Kafka client, side unknown"
    assert layer_of(["thread (0x2): MainThread", "run_forever (asyncio/base_events.py:607)", loop]) == (
        "event loop, threads"
    )


def test_a_thread_waiting_in_select_is_not_counted_as_any_layers_cpu() -> None:
    select = "EpollSelector.select (selectors.py:468)"
    assert (
        layer_of(["thread (0x2): MainThread", "BaseEventLoop._run_once (asyncio/base_events.py:1884)", select])
        == WAITED
    )
