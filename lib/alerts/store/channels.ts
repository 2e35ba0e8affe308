import type { Sql } from "../../store/sql";
import type { ChannelInput } from "../channel-input";
import { channelFromRow, type ChannelRow, type StoredChannel } from "./rows";

export async function listChannels(sql: Sql): Promise<StoredChannel[]> {
  return (await sql.query<ChannelRow>(`SELECT * FROM "alert_channels" ORDER BY "name"`)).map(channelFromRow);
}

export async function getChannel(sql: Sql, id: number): Promise<StoredChannel | null> {
  const [r] = await sql.query<ChannelRow>(`SELECT * FROM "alert_channels" WHERE "id" = ?`, [id]);
  return r ? channelFromRow(r) : null;
}

/** Writes a channel by id, else by name (insert or replace). */
export async function saveChannel(sql: Sql, c: ChannelInput, origin: string, id?: number, now = Date.now()): Promise<number> {
  const [existing] = id !== undefined ? await sql.query<{ id: number }>(`SELECT "id" FROM "alert_channels" WHERE "id" = ?`, [id]) : await sql.query<{ id: number }>(`SELECT "id" FROM "alert_channels" WHERE "name" = ?`, [c.name]);
  const v = [c.name, c.type, JSON.stringify(c.config), c.secret, c.enabled, origin];
  if (existing) {
    await sql.run(`UPDATE "alert_channels" SET "name" = ?, "type" = ?, "config" = ?, "secret" = ?, "enabled" = ?, "origin" = ?, "updatedMs" = ? WHERE "id" = ?`, [...v, now, existing.id]);
    return existing.id;
  }
  const [row] = await sql.query<{ id: number }>(
    `INSERT INTO "alert_channels" ("name", "type", "config", "secret", "enabled", "origin", "createdMs", "updatedMs") VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING "id"`,
    [...v, now, now],
  );
  return row.id;
}

export async function deleteChannel(sql: Sql, id: number): Promise<boolean> {
  return (await sql.run(`DELETE FROM "alert_channels" WHERE "id" = ?`, [id])) > 0;
}
