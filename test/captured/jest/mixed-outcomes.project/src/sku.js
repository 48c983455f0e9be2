"use strict";

const SKU_PATTERN = /^([A-Z]{3})-(\d{4})$/;

/** Builds a SKU such as "BOL-0042" from a category code and a number. */
function formatSku(category, number) {
  return `${category.toUpperCase()}-${String(number).padStart(4, "0")}`;
}

/** Splits a SKU back into its category and number; throws on malformed input. */
function parseSku(sku) {
  const match = SKU_PATTERN.exec(sku);
  if (!match) {
    throw new Error(`malformed SKU: ${sku}`);
  }
  return { category: match[1], number: Number(match[2]) };
}

module.exports = { formatSku, parseSku };
