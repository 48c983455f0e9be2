"use strict";

/** Creates an empty inventory keyed by SKU. */
function createInventory() {
  return new Map();
}

/** Adds `quantity` units of `sku`, creating the entry if needed. */
function addStock(inventory, sku, quantity) {
  if (!Number.isInteger(quantity) || quantity <= 0) {
    throw new RangeError(`quantity must be a positive integer, got ${quantity}`);
  }
  inventory.set(sku, (inventory.get(sku) ?? 0) + quantity);
  return inventory.get(sku);
}

/** Removes `quantity` units of `sku`; refuses to go below zero. */
function removeStock(inventory, sku, quantity) {
  const onHand = inventory.get(sku) ?? 0;
  if (quantity > onHand) {
    throw new Error(`only ${onHand} of ${sku} on hand, cannot remove ${quantity}`);
  }
  inventory.set(sku, onHand - quantity);
  return onHand - quantity;
}

/** SKUs whose stock is at or below `threshold`, sorted alphabetically. */
function lowStock(inventory, threshold) {
  return [...inventory]
    .filter(([, onHand]) => onHand <= threshold)
    .map(([sku]) => sku)
    .sort();
}

module.exports = { createInventory, addStock, removeStock, lowStock };
