import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock, UnitOfWork, type RequestContext } from '@kap/api/platform';
import { currentMedicalStatus, PatientAccess, type AuditTarget, type GrantedView } from '@kap/api/patients';
import type {
  FollowUpPacket,
  PacketDosingSession,
  PacketScore,
  PacketVitals,
  StatusUpdate,
  VitalsLimits,
} from '@kap/shared/contracts';
import { buildTrend, calendarDateIn, INSTRUMENTS } from '@kap/shared/domain';
import { DisclosuresService } from '../disclosures/disclosures-service';
import { toSharedSession } from '../thread/shared-items';
import { StatusUpdatesService } from '../thread/status-updates-service';
import { FollowUpPacketRepository } from './follow-up-packet-repository';
import { packetText } from './packet-text';

/**
 * The follow-up packet: what the prescriber needs at the next medical follow-up, built from
 * shareable data only (course orders, status, dose records, scores, alerts, open questions).
 * Never notes' text, never psychotherapy notes.
 */
@Injectable()
export class FollowUpPacketService {
  constructor(
    private readonly work: UnitOfWork,
    private readonly access: PatientAccess,
    private readonly disclosures: DisclosuresService,
    private readonly statusUpdates: StatusUpdatesService,
    private readonly clock: Clock,
    private readonly packet: FollowUpPacketRepository,
  ) {}

  /** Read by the medical team, the packet is a disclosure, recorded with the read's audit event. */
  async get(
    ctx: RequestContext,
    patientId: string,
    since: string | undefined,
    asText: boolean,
  ): Promise<FollowUpPacket | string> {
    const target: AuditTarget = {
      action: 'follow_up_packet.read',
      entityType: 'patient',
      entityId: patientId,
      patientId,
    };
    return this.access.audited(ctx, target, () =>
      this.work.run(async (manager) => {
        const view = await this.access.require(manager, ctx, patientId);
        const packet = await this.build(manager, patientId, since, view);
        if (view === 'medical_team') {
          await this.disclosures.record(manager, ctx, {
            patientId,
            recipientOrganizationId: ctx.actor.organizationId,
            source: 'follow_up_packet',
            statusUpdateId: null,
            categories: packetCategories(packet),
            sessionIds: packet.dosingSessions.map((s) => s.id),
            outcomeIds: packet.scores.map((s) => s.outcomeId),
            noteIds: [],
            purpose: 'care coordination: medical follow-up',
          });
        }
        await this.access.recordSuccess(
          ctx,
          target,
          { since: packet.since, format: asText ? 'text' : 'json' },
          manager,
        );
        return asText ? packetText(packet) : packet;
      }),
    );
  }

  /** Posts the packet to the thread as a `follow_up` update (and so discloses it). */
  async send(ctx: RequestContext, patientId: string, body: { note?: string }): Promise<StatusUpdate> {
    const target: AuditTarget = {
      action: 'follow_up_packet.send',
      entityType: 'status_update',
      entityId: null,
      patientId,
    };
    const replay = this.access.onReplay(ctx, patientId, { need: 'practice' });
    return this.access.audited(ctx, target, () =>
      this.work.create(
        ctx,
        `POST /api/patients/${patientId}/follow-up-packet/send`,
        body,
        replay,
        async (manager) => {
          const view = await this.access.require(manager, ctx, patientId, { need: 'practice', lock: true });
          const packet = await this.build(manager, patientId, undefined, view);
          const note = body.note?.trim();
          const id = await this.statusUpdates.post(manager, ctx, patientId, view, {
            kind: 'follow_up',
            urgency: 'routine',
            body: `${note ? `${note}\n\n` : ''}${packetText(packet)}`,
            include: {
              sessionIds: packet.dosingSessions.map((s) => s.id),
              outcomeIds: packet.scores.map((s) => s.outcomeId),
              noteIds: [],
            },
            extraCategories: packetCategories(packet).filter(
              (c) => !['session_records', 'outcome_scores'].includes(c),
            ),
          });
          target.entityId = id;
          await this.access.recordSuccess(ctx, target, { since: packet.since }, manager);
          return this.statusUpdates.read(manager, id);
        },
      ),
    );
  }

  async build(
    manager: EntityManager,
    patientId: string,
    sinceParam: string | undefined,
    view: GrantedView,
  ): Promise<FollowUpPacket> {
    // The practice's time zone: "since" and the baseline are calendar dates on its calendar.
    const patient = await this.packet.patient(manager, patientId);
    const timeZone = patient.time_zone;
    const course = await this.packet.currentCourse(manager, patientId);
    // Every entry: the packet's status is their merge, as `current` is everywhere (each field from
    // the newest entry that states it), so a note-only entry does not hide the eligibility.
    const statusHistory = await this.packet.statusHistory(manager, patientId);
    const lastFollowUp = await this.packet.lastFollowUp(manager, patientId);
    const since: string =
      sinceParam ??
      (lastFollowUp
        ? calendarDateIn(new Date(lastFollowUp), timeZone)
        : (course?.started_on ?? calendarDateIn(new Date(patient.created_at), timeZone)));

    const sessions = await this.packet.dosingSessionsSince(manager, patientId, since, timeZone);
    const dosingSessions: PacketDosingSession[] = sessions.map((s) => {
      const shared = toSharedSession(s);
      const dosing = s.dosing!;
      const limits: VitalsLimits = s.vitals_limits ?? course?.vitals_limits ?? {};
      return {
        id: s.id,
        occurredAt: shared.occurredAt,
        route: dosing.route,
        doseMg: dosing.doseMg,
        doseLabel: dosing.doseLabel,
        booster: dosing.booster ?? null,
        vitals: dosing.vitals.map(
          (v): PacketVitals => ({
            ...v,
            outOfRange: readingOutsideLimits(v, limits),
          }),
        ),
        vitalsLimits: s.vitals_limits ?? course?.vitals_limits ?? null,
        adverseEvents: dosing.adverseEvents ?? null,
        documentationComplete: shared.documentationComplete ?? false,
        documentationMissing: shared.documentationMissing,
      };
    });

    const outcomes = await this.packet.outcomes(manager, patientId);
    const scores: PacketScore[] = [];
    for (const instrument of [...new Set(outcomes.map((o) => o.instrument))]) {
      const own = outcomes.filter((o) => o.instrument === instrument);
      const latest = own[own.length - 1];
      const base: PacketScore = {
        instrument,
        outcomeId: latest.id,
        administeredAt: new Date(latest.administered_at).toISOString(),
        total: latest.total,
        severity: latest.severity,
        baselineTotal: null,
        changeFromBaseline: null,
        reliableChange: null,
      };
      if (INSTRUMENTS[instrument]?.range && latest.total !== null) {
        const trend = buildTrend(
          instrument,
          own.map((o) => ({
            id: o.id,
            administeredAt: new Date(o.administered_at).toISOString(),
            total: o.total ?? 0,
            severity: o.severity,
            voided: false,
          })),
          course?.started_on ?? null,
          timeZone,
        );
        const point = trend.points.find((p) => p.outcomeId === latest.id);
        if (trend.baseline && point) {
          base.baselineTotal = trend.baseline.total;
          base.changeFromBaseline = point.changeFromBaseline;
          base.reliableChange = point.reliableChange;
        }
      }
      scores.push(base);
    }

    // The prescriber's packet: alerts the medical team has not acknowledged yet (each side acknowledges for itself).
    const alerts = await this.packet.openAlerts(manager, patientId);
    const questions = await this.packet.openQuestions(manager, patientId);
    void view;
    return {
      patientId,
      patientName: patient.name,
      generatedAt: this.clock.now().toISOString(),
      since,
      course: course
        ? {
            id: course.id,
            indication: course.indication,
            phase: course.phase,
            startedOn: course.started_on,
            plannedDosingSessions: course.planned_dosing_sessions,
            dosePlan: course.dose_plan,
            vitalsLimits: course.vitals_limits,
          }
        : null,
      medicalStatus: currentMedicalStatus(statusHistory),
      dosingSessions,
      scores,
      openAlerts: alerts.map((a) => ({
        id: a.id,
        kind: a.kind,
        severity: a.severity,
        createdAt: new Date(a.created_at).toISOString(),
      })),
      openQuestions: questions.map((q) => ({
        statusUpdateId: q.id,
        urgency: q.urgency,
        body: q.body,
        createdAt: new Date(q.created_at).toISOString(),
      })),
    };
  }
}

function packetCategories(packet: FollowUpPacket): string[] {
  const categories = ['follow_up_packet'];
  if (packet.course) categories.push('course_orders');
  if (packet.medicalStatus) categories.push('medical_status');
  if (packet.dosingSessions.length > 0) categories.push('session_records');
  if (packet.scores.length > 0) categories.push('outcome_scores');
  if (packet.openAlerts.length > 0) categories.push('alerts');
  if (packet.openQuestions.length > 0) categories.push('open_questions');
  return categories;
}

/** Which values of a reading lie outside the prescriber's limits: above a maximum or below a minimum. */
function readingOutsideLimits(
  v: Pick<PacketVitals, 'systolic' | 'diastolic' | 'heartRate' | 'spo2'>,
  limits: VitalsLimits,
): PacketVitals['outOfRange'] {
  const outside = (value: number, min: number | undefined, max: number | undefined) =>
    (max !== undefined && max !== null && value > max) || (min !== undefined && min !== null && value < min);
  const values: PacketVitals['outOfRange'] = [];
  if (outside(v.systolic, limits.systolicMin, limits.systolicMax)) values.push('systolic');
  if (outside(v.diastolic, limits.diastolicMin, limits.diastolicMax)) values.push('diastolic');
  if (outside(v.heartRate, limits.heartRateMin, limits.heartRateMax)) values.push('heart_rate');
  if (v.spo2 !== undefined && v.spo2 !== null && outside(v.spo2, limits.spo2Min, undefined))
    values.push('spo2');
  return values;
}
