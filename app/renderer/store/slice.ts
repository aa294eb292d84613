/** The type of one slice's creator: its part of the store, given the whole store's set and get. */
import type { StateCreator } from 'zustand';
import type { Store } from './state.js';

export type SliceCreator<Slice> = StateCreator<Store, [], [], Slice>;
