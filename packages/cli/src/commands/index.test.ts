import assert from "node:assert/strict";
import { test } from "node:test";
import { commands } from "./index.ts";

test("each registry entry loads its command, with the same name and summary as the module", async () => {
  assert.equal(new Set(commands.map((c) => c.name)).size, commands.length);
  for (const entry of commands) {
    const command = await entry.load();
    assert.equal(command.name, entry.name);
    assert.equal(entry.summary, command.summary, `the registry's summary of '${entry.name}' is out of step`);
    assert.match(command.usage, new RegExp(`^embargo ${entry.name}\\b`));
  }
});
