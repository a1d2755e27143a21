/**
 * Small hand-made list snapshots for tests (not real listings: names are real public figures or invented
 * companies, attributes are chosen to exercise the scorer). Used by the screening, CLI and HTTP tests.
 */
import { type Entity, type ListSnapshot, newEntity } from "../model.ts";

function entity(init: Partial<Entity> & Pick<Entity, "list" | "sourceId" | "type" | "names">): Entity {
  return newEntity({ sanctionKind: "asset_freeze", ...init });
}

export const fixtureEntities: Entity[] = [
  entity({
    list: "test-sdn",
    sourceId: "35096",
    type: "person",
    names: [
      {
        full: "PUTIN, Vladimir Vladimirovich",
        kind: "primary",
        family: "PUTIN",
        given: "Vladimir",
        patronymic: "Vladimirovich",
      },
      { full: "Путин Владимир Владимирович", kind: "original_script" },
    ],
    birthDates: ["1952-10-07"],
    nationalities: ["RU"],
    programmes: ["RUSSIA-EO14024"],
    listedOn: "2022-02-25",
  }),
  entity({
    list: "test-sdn",
    sourceId: "40001",
    type: "person",
    names: [{ full: "MEDVEDEV, Dmitry Anatolyevich", kind: "primary" }],
    birthDates: ["1965-09-14"],
    nationalities: ["RU"],
    programmes: ["RUSSIA-EO14024"],
  }),
  entity({
    list: "test-sdn",
    sourceId: "40002",
    type: "person",
    names: [
      { full: "IVANOV, Sergei Borisovich", kind: "primary" },
      { full: "Sergey IVANOV", kind: "alias" },
    ],
    birthDates: ["1953-01-31"],
    nationalities: ["RU"],
    programmes: ["RUSSIA-EO14024"],
  }),
  entity({
    list: "test-sdn",
    sourceId: "40003",
    type: "person",
    names: [{ full: "DANIELS, Emma", kind: "primary" }],
    programmes: ["TEST"],
  }),
  entity({
    list: "test-sdn",
    sourceId: "40004",
    type: "organization",
    names: [
      { full: "ROMASHKA OOO", kind: "primary" },
      { full: "Общество с ограниченной ответственностью «Ромашка»", kind: "original_script" },
      { full: "Ромашка", kind: "weak_alias" },
    ],
    countries: ["RU"],
    identifiers: [{ type: "inn", value: "7701234567", country: "RU" }],
    programmes: ["RUSSIA-EO14024"],
  }),
  entity({
    list: "test-sdn",
    sourceId: "40005",
    type: "organization",
    names: [{ full: "KHODORKOVSKY TRADING JSC", kind: "primary" }],
    countries: ["RU"],
    programmes: ["UKRAINE-EO13662"],
    sanctionKind: "sectoral",
  }),
  entity({
    list: "test-un",
    sourceId: "QDi.001",
    type: "person",
    names: [{ full: "ABD AL RAHMAN ALI", kind: "primary" }],
    programmes: ["Al-Qaida"],
  }),
  entity({
    list: "test-un",
    sourceId: "QDi.002",
    type: "person",
    names: [{ full: "PETROV, Aleksandr", kind: "primary" }],
    programmes: ["Al-Qaida"],
  }),
  entity({
    list: "test-dpl",
    sourceId: "dpl-1",
    type: "organization",
    names: [{ full: "SMITHSON INDUSTRIAL SUPPLY LTD", kind: "primary" }],
    countries: ["GB"],
    sanctionKind: "end_user",
  }),
];

export const fixtureSnapshots: ListSnapshot[] = [
  {
    list: "test-sdn",
    title: "Test SDN-like list",
    date: "2026-01-01",
    sha256: "0".repeat(64),
    source: "fixture",
    entities: fixtureEntities.filter((e) => e.list === "test-sdn"),
  },
  {
    list: "test-un",
    title: "Test UN-like list",
    date: "2026-01-01",
    sha256: "1".repeat(64),
    source: "fixture",
    entities: fixtureEntities.filter((e) => e.list === "test-un"),
  },
  {
    list: "test-dpl",
    title: "Test DPL-like list",
    date: "2026-01-01",
    sha256: "2".repeat(64),
    source: "fixture",
    entities: fixtureEntities.filter((e) => e.list === "test-dpl"),
  },
];
