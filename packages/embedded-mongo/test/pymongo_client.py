"""Drives embedded-mongo with Debian's pymongo; prints one JSON document of observations."""
import json
import sys

import pymongo
from bson import ObjectId

client = pymongo.MongoClient(sys.argv[1], serverSelectionTimeoutMS=20000)
db = client["py"]
carriers = db["carriers"]
carriers.drop()

carriers.insert_many([
    {"name": "启迪之星（德州）", "kind": "incubator", "level": "national", "residents": 40},
    {"name": "海创空间", "kind": "maker_space", "level": "provincial", "residents": 25},
    {"name": "东湖苗圃", "kind": "nursery", "level": "municipal", "residents": 8},
])
carriers.create_index([("kind", pymongo.ASCENDING)], unique=True)

duplicate = None
try:
    carriers.insert_one({"name": "copy", "kind": "nursery"})
except pymongo.errors.DuplicateKeyError as error:
    duplicate = error.code

filtered = [d["name"] for d in carriers.find({"residents": {"$gte": 20}}).sort("residents", pymongo.DESCENDING)]
updated = carriers.update_one({"kind": "nursery"}, {"$set": {"level": "provincial"}, "$inc": {"residents": 2}})
nursery = carriers.find_one({"kind": "nursery"}, {"_id": 0, "level": 1, "residents": 1})
grouped = list(carriers.aggregate([
    {"$group": {"_id": "$level", "total": {"$sum": "$residents"}}},
    {"$sort": {"_id": 1}},
]))
oid = carriers.find_one({"kind": "incubator"})["_id"]

print(json.dumps({
    "server": client.server_info()["version"],
    "filtered": filtered,
    "modified": updated.modified_count,
    "nursery": nursery,
    "grouped": grouped,
    "duplicate": duplicate,
    "objectId": isinstance(oid, ObjectId),
    "count": carriers.count_documents({}),
}, ensure_ascii=False))
