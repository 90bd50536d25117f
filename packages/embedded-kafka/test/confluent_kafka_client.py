"""Drives a broker with Debian's python3-confluent-kafka (librdkafka); prints one JSON document.

  produce BROKERS TOPIC COUNT          idempotent producer (enable.idempotence=true): COUNT records
                                       keyed k0..k5, values "<n>"; reports deliveries and errors
  consume BROKERS TOPIC GROUP WANTED   group member with manual commits: reads until WANTED records
                                       (or 30 s without one), commits synchronously, leaves
"""
import json
import sys
import time

from confluent_kafka import Consumer, KafkaException, Producer


def produce(brokers, topic, count):
    delivered, errors = [], []

    def on_delivery(error, message):
        if error is not None:
            errors.append(error.name())
        else:
            delivered.append(
                {"value": message.value().decode(), "partition": message.partition(), "offset": message.offset()}
            )

    producer = Producer({
        "bootstrap.servers": brokers,
        "enable.idempotence": True,
        "linger.ms": 5,
        "batch.num.messages": 4,
        "message.timeout.ms": 30000,
    })
    for n in range(count):
        producer.produce(topic, key=f"k{n % 6}", value=str(n), on_delivery=on_delivery)
        producer.poll(0)
    remaining = producer.flush(30)
    return {"delivered": delivered, "errors": errors, "undelivered": remaining}


def consume(brokers, topic, group, wanted):
    consumer = Consumer({
        "bootstrap.servers": brokers,
        "group.id": group,
        "enable.auto.commit": False,
        "auto.offset.reset": "earliest",
        "session.timeout.ms": 6000,
    })
    consumer.subscribe([topic])
    values = []
    idle_since = time.monotonic()
    while len(values) < wanted and time.monotonic() - idle_since < 30:
        message = consumer.poll(0.5)
        if message is None:
            continue
        if message.error():
            raise KafkaException(message.error())
        values.append(message.value().decode())
        idle_since = time.monotonic()
    if values:
        consumer.commit(asynchronous=False)
    consumer.close()
    return {"values": values}


command, brokers, topic, *rest = sys.argv[1:]
if command == "produce":
    result = produce(brokers, topic, int(rest[0]))
elif command == "consume":
    result = consume(brokers, topic, rest[0], int(rest[1]))
else:
    sys.exit(f"unknown command {command}")
print(json.dumps(result))
