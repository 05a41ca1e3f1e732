import { PetitionCommandMessage } from '../shared/petition-command-message';
import type { DispatchPetitionDto } from './dispatch-petition.dto';

export class DispatchPetitionCommand extends PetitionCommandMessage<DispatchPetitionDto> {}
