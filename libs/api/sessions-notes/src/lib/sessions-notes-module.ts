import { Module } from '@nestjs/common';
import { OutcomesModule } from '@kap/api/outcomes';
import { PatientsModule } from '@kap/api/patients';
import { NotesController } from './notes/notes-controller';
import { NotesRepository } from './notes/notes-repository';
import { NotesService } from './notes/notes-service';
import { PsychotherapyNotesController } from './psychotherapy-notes/psychotherapy-notes-controller';
import { PsychotherapyNotesRepository } from './psychotherapy-notes/psychotherapy-notes-repository';
import { PsychotherapyNotesService } from './psychotherapy-notes/psychotherapy-notes-service';
import { SessionsController } from './sessions/sessions-controller';
import { SessionsRepository } from './sessions/sessions-repository';
import { SessionsService } from './sessions/sessions-service';

/**
 * The session log with the dosing record and course rules, notes (signed → immutable, addenda),
 * and psychotherapy notes. One module: documentation-complete needs the notes of a session, and a
 * note needs its session, so two modules would import each other.
 */
@Module({
  imports: [PatientsModule, OutcomesModule],
  controllers: [SessionsController, NotesController, PsychotherapyNotesController],
  providers: [
    SessionsService,
    SessionsRepository,
    NotesService,
    NotesRepository,
    PsychotherapyNotesService,
    PsychotherapyNotesRepository,
  ],
})
export class SessionsNotesModule {}
