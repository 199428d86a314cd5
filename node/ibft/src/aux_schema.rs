//! What a validator keeps in the client's auxiliary storage: its [`SafetyState`] (height,
//! highest round entered, lock). It is written before any message that depends on it is sent,
//! so a validator that crashes and restarts never signs something conflicting with what it
//! signed before (IBFT.md, "crash and restart").

use codec::{Decode, Encode};
use metanode_ibft_primitives::{metanode_ibft_core::SafetyState, IbftTypes};
use sc_client_api::AuxStore;

/// The aux key. The value is `(STATE_VERSION, SafetyState)`.
pub const SAFETY_STATE_KEY: &[u8] = b"metanode_ibft_safety_state";
/// The layout version of the stored value.
pub const STATE_VERSION: u8 = 1;

/// The persisted safety state, if any. A value that cannot be read is an error, not "no
/// state": starting the height afresh could sign something conflicting with what was signed
/// before the restart.
pub fn load<C: AuxStore + ?Sized>(client: &C) -> Result<Option<SafetyState<IbftTypes>>, String> {
	let Some(bytes) = client
		.get_aux(SAFETY_STATE_KEY)
		.map_err(|e| format!("reading the IBFT safety state failed: {e}"))?
	else {
		return Ok(None);
	};
	match <(u8, SafetyState<IbftTypes>)>::decode(&mut &bytes[..]) {
		Ok((STATE_VERSION, state)) => Ok(Some(state)),
		Ok((version, _)) => Err(format!(
			"the stored IBFT safety state has version {version}, this node reads version \
			 {STATE_VERSION}; run the node version that wrote it until the next height is final"
		)),
		Err(e) => Err(format!("the stored IBFT safety state is corrupt: {e}")),
	}
}

/// Stores `state` durably.
pub fn store<C: AuxStore + ?Sized>(
	client: &C,
	state: &SafetyState<IbftTypes>,
) -> sp_blockchain::Result<()> {
	let value = (STATE_VERSION, state).encode();
	client.insert_aux(&[(SAFETY_STATE_KEY, &value[..])], &[])
}

#[cfg(test)]
mod tests {
	use super::*;
	use parking_lot::Mutex;
	use std::collections::HashMap;

	#[derive(Default)]
	struct MemoryAux(Mutex<HashMap<Vec<u8>, Vec<u8>>>);

	impl AuxStore for MemoryAux {
		fn insert_aux<
			'a,
			'b: 'a,
			'c: 'a,
			I: IntoIterator<Item = &'a (&'c [u8], &'c [u8])>,
			D: IntoIterator<Item = &'a &'b [u8]>,
		>(
			&self,
			insert: I,
			delete: D,
		) -> sp_blockchain::Result<()> {
			let mut map = self.0.lock();
			for (k, v) in insert {
				map.insert(k.to_vec(), v.to_vec());
			}
			for k in delete {
				map.remove(*k);
			}
			Ok(())
		}

		fn get_aux(&self, key: &[u8]) -> sp_blockchain::Result<Option<Vec<u8>>> {
			Ok(self.0.lock().get(key).cloned())
		}
	}

	#[test]
	fn a_stored_state_is_loaded_back_and_garbage_is_an_error() {
		let aux = MemoryAux::default();
		assert_eq!(load(&aux), Ok(None));
		let state = SafetyState { height: 7, round: 3, prepared: None };
		store(&aux, &state).unwrap();
		assert_eq!(load(&aux), Ok(Some(state.clone())));

		let future_layout = (9u8, &state).encode();
		aux.insert_aux(&[(SAFETY_STATE_KEY, &future_layout[..])], &[]).unwrap();
		assert!(load(&aux).unwrap_err().contains("version 9"));
		aux.insert_aux(&[(SAFETY_STATE_KEY, &[1u8, 1][..])], &[]).unwrap();
		assert!(load(&aux).unwrap_err().contains("corrupt"));
	}
}
