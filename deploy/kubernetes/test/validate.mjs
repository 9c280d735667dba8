// Validates Kubernetes objects against the Kubernetes API schemas, offline, with the JSON-schema
// validators that the kubernetes-models packages compile from the API's OpenAPI documents, and
// rejects every field those schemas do not name (the API server drops or refuses such a field; the
// schemas alone would let a misspelled `readinesProbe` through).
//
// Usage: node validate.mjs OBJECTS.json, where the file holds a JSON array of objects. Prints one
// line per problem ("Kind/name: data/path message") and exits 1 when there is any, else prints
// "N objects valid" and exits 0.
import { readFileSync } from "node:fs";

// Where each API group's models live; a kind outside these is a problem, not a pass.
const PACKAGES = {
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
};

async function modelFor(apiVersion, kind) {
  const group = apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.indexOf("/")) : "";
  const base = PACKAGES[group] ?? "kubernetes-models";
  try {
    const module = await import(`${base}/${apiVersion}/${kind}`);
    return module[kind];
  } catch {
    return undefined;
  }
}

// A view of `value` that records, for every object in it, which keys the validator looked at and
// whether it listed the object's keys (as it does for maps such as labels, and for free-form objects).
function watched(value, seen) {
  if (value === null || typeof value !== "object") {
    return value;
  }
  const record = { read: new Set(), listed: false };
  seen.set(value, record);
  return new Proxy(value, {
    get(target, key, receiver) {
      if (typeof key === "string") {
        record.read.add(key);
      }
      return watched(Reflect.get(target, key, receiver), seen);
    },
    has(target, key) {
      if (typeof key === "string") {
        record.read.add(key);
      }
      return Reflect.has(target, key);
    },
    ownKeys(target) {
      record.listed = true;
      return Reflect.ownKeys(target);
    },
  });
}

function unknownFields(value, seen, path, problems) {
  if (value === null || typeof value !== "object") {
    return;
  }
  const record = seen.get(value);
  if (Array.isArray(value)) {
    value.forEach((item, index) => unknownFields(item, seen, `${path}/${index}`, problems));
    return;
  }
  for (const key of Object.keys(value)) {
    if (record && !record.listed && !record.read.has(key)) {
      problems.push(`data${path}/${key} is not a field of the API schema`);
    }
    else {
      unknownFields(value[key], seen, `${path}/${key}`, problems);
    }
  }
}

export async function validate(object) {
  const { apiVersion, kind } = object ?? {};
  const Model = await modelFor(apiVersion, kind);
  if (!Model) {
    return [`no schema for apiVersion ${apiVersion} kind ${kind}`];
  }
  const problems = [];
  const seen = new Map();
  try {
    Model.prototype.validate.call(watched(object, seen));
  } catch (error) {
    problems.push(error.message);
  }
  unknownFields(object, seen, "", problems);
  return problems;
}

const file = process.argv[2];
if (file) {
  const objects = JSON.parse(readFileSync(file, "utf8"));
  let failed = 0;
  for (const object of objects) {
    const problems = await validate(object);
    for (const problem of problems) {
      console.log(`${object?.kind}/${object?.metadata?.name}: ${problem}`);
    }
    failed += problems.length > 0 ? 1 : 0;
  }
  if (failed > 0) {
    console.log(`${failed} of ${objects.length} objects invalid`);
    process.exit(1);
  }
  console.log(`${objects.length} objects valid`);
}
